"""A database from the release before the layout change migrates forward with its data:
the site settings (now core's) and the demands (now the petition's) keep every row, the
petitions keep their demands, the petition chosen for the home page becomes the current
one, and the Editors' permissions follow the models."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PREVIOUS_RELEASE = [
    ("campaign", "0004_task_queue_autovacuum"),
    ("petition", "0006_signature_indexes_by_primary_key"),
    ("core", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    graph = MigrationExecutor(connection).loader
    nodes = [target for target in targets if target[1] is not None]
    nodes += [leaf for leaf in graph.graph.leaf_nodes() if leaf[0] in ("auth", "contenttypes")]
    return graph.project_state(nodes).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_from_the_previous_release_migrates_forward_with_its_data():
    old = migrate(PREVIOUS_RELEASE)
    try:
        Petition = old.get_model("petition", "Petition")
        Demand = old.get_model("campaign", "Demand")
        SiteSettings = old.get_model("campaign", "SiteSettings")
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        demand_type, _ = ContentType.objects.get_or_create(app_label="campaign", model="demand")
        change_demand, _ = Permission.objects.get_or_create(
            content_type=demand_type, codename="change_demand", defaults={"name": "Can change demand"}
        )
        editors = old.get_model("auth", "Group").objects.create(name="Old editors")
        editors.permissions.add(change_demand)

        first = Petition.objects.create(slug="first", title="First", statement="…", is_current=True)
        second = Petition.objects.create(slug="second", title="Second", statement="…")
        free = Demand.objects.create(text="Free them", text_en="Free them", text_zh_hant="釋放他們", order=2)
        drop = Demand.objects.create(text="Drop the charges", text_en="Drop the charges", order=1)
        second.demands.set([free, drop])
        SiteSettings.objects.create(
            pk=1, campaign_name_en="Old name", contact_email="old@example.org", home_petition=second
        )

        migrate(latest())

        from core.models import SiteSettings as NewSiteSettings
        from petition.models import Demand as NewDemand
        from petition.models import Petition as NewPetition

        site = NewSiteSettings.objects.get(pk=1)
        assert site.campaign_name_en == "Old name"
        assert site.contact_email == "old@example.org"
        assert [d.text_en for d in NewDemand.objects.all()] == ["Drop the charges", "Free them"]
        assert NewDemand.objects.get(text_en="Free them").text_zh_hant == "釋放他們"
        assert set(NewPetition.objects.get(slug="second").demands.values_list("text_en", flat=True)) == {
            "Free them",
            "Drop the charges",
        }
        assert NewPetition.objects.current().slug == "second"
        assert not NewPetition.objects.get(pk=first.pk).is_current
        moved = Group.objects.get(name="Old editors").permissions.get()
        assert (moved.content_type.app_label, moved.codename) == ("petition", "change_demand")
    finally:
        migrate(latest())
