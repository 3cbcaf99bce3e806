import factory

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import Membership, Organisation, User
from lien.communes.models import Commune
from lien.lib.text import search_key
from lien.people.models import Person

PASSWORD = "correct-horse-battery-staple"
# A signature drawn on screen (lien.lib.signature): two strokes in the 600 × 200 box.
DRAWN_SIGNATURE = "[[[40,150],[90,60],[140,150],[190,70]],[[230,120],[330,110],[420,130]]]"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.ASSOCIATION

    class Params:
        fund = factory.Trait(kind=OrganisationKind.FUND)
        regional = factory.Trait(kind=OrganisationKind.REGIONAL)
        national = factory.Trait(kind=OrganisationKind.NATIONAL)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@lien.example")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COMMUNITY_MEDIATOR


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = "11304"
    name = "Quillan"
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))
    postal_codes = "11500"
    departement = "11"
    departement_name = "Aude"
    region = "76"
    region_name = "Occitanie"
    population = 2978


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    birth_year = 1980
    search_name = factory.LazyAttribute(lambda o: search_key(f"{o.first_name} {o.last_name}"))
