from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.people.access import get_person_for_user
from lien.people.forms import PersonCreateForm, PersonForm, PersonSearchForm
from lien.people.models import Person
from lien.people.services import person_create, person_find_similar, person_update


def person_list(request: HttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.PERSON_VIEW):
        raise Http404
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = Person.objects.visible_to(request.user).search(query).select_related("commune", "organisation")
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    can_create = bool(organisation_ids_for(request.user, Perm.PERSON_CHANGE))
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page": page, "query": query, "can_create": can_create},
    )


def person_create_view(request: HttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.PERSON_CHANGE)
    if not organisation_ids:
        raise Http404
    form = PersonCreateForm(request.POST or None, organisation_ids=organisation_ids)
    similar: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = person_find_similar(
            user=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            nir=data.get("nir", ""),
        )
        if not similar or data["confirm_new"]:
            fields = {name: data[name] for name in PersonForm.Meta.fields if name in data}
            person = person_create(acting_user=request.user, organisation=data["organisation"], **fields)
            messages.success(request, _("Fiche créée."))
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "similar": similar, "creating": True})


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    can_edit = has_perm(request.user, Perm.PERSON_CHANGE, person.organisation_id)
    return render(request, "people/person_detail.html", {"person": person, "can_edit": can_edit})


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        person_update(acting_user=request.user, person=person, **changes)
        messages.success(request, _("Fiche enregistrée."))
        return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "creating": False})
