from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, PersonIn, PersonOut
from lien.communes.models import Commune
from lien.people.access import get_person_for_user
from lien.people.models import Person
from lien.people.services import person_create

router = Router(tags=["personnes"])


class PersonQuery(Schema):
    q: str = ""


@router.get(
    "", response={200: list[PersonOut], **ERRORS}, summary="Personnes visibles, recherche sans accents"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_people(request, filters: Query[PersonQuery]):
    return Person.objects.visible_to(request.user).search(filters.q[:100]).select_related("organisation")


@router.get(
    "/{int:person_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS}, summary="Fiche d'une personne"
)
def get_person(request, person_id: int):
    return get_person_for_user(request.user, person_id)


@router.post("", response={201: PersonOut, 404: ErrorOut, **ERRORS}, summary="Créer une fiche")
def create_person(request, payload: PersonIn):
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.PERSON_CHANGE)
    ).first()
    if organisation is None:
        raise Http404
    commune = None
    if payload.commune:
        commune = Commune.objects.filter(insee_code=payload.commune).first()
        if commune is None:
            return Status(422, {"detail": f"Commune inconnue : {payload.commune}"})
    fields = payload.dict(exclude={"organisation", "commune"})
    person = person_create(acting_user=request.user, organisation=organisation, commune=commune, **fields)
    return Status(201, person)
