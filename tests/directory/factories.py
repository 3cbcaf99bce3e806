import datetime

import factory

from lien.directory import enums
from lien.directory.models import Contact, Service, ServiceThematic, Structure
from tests.factories import OrganisationFactory


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    source = enums.LIEN_SOURCE
    source_id = factory.Sequence(lambda n: f"lien--test-{n}")
    name = factory.Sequence(lambda n: f"Structure {n}")
    commune_name = "Quillan"
    code_insee = "11304"
    postal_code = "11500"
    source_updated_on = datetime.date(2025, 1, 15)
    verified_on = datetime.date(2025, 1, 15)

    class Params:
        published = factory.Trait(visibility=enums.Visibility.NETWORK)
        located = factory.Trait(latitude=42.8756, longitude=2.1819)

    @factory.post_generation
    def search_fields(obj, create, extracted, **kwargs):
        obj.refresh_search_fields()
        if create:
            obj.save(update_fields=["search_name", "languages_key"])


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    organisation = factory.LazyAttribute(lambda o: o.structure.organisation)
    source = enums.LIEN_SOURCE
    source_id = factory.Sequence(lambda n: f"lien--service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Un service de test pour l'annuaire."
    source_updated_on = datetime.date(2025, 1, 15)

    class Params:
        free = factory.Trait(fees=enums.FREE)

    @factory.post_generation
    def thematics(obj, create, extracted, **kwargs):
        codes = list(extracted or [])
        if create:
            ServiceThematic.objects.bulk_create([ServiceThematic(service=obj, code=code) for code in codes])
        obj.refresh_search_fields(thematics=codes)
        if create:
            obj.save()


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    structure = factory.SubFactory(StructureFactory)
    name = "Sophie Castel"
    role = "Assistante sociale"
