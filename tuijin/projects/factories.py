"""The one project factory: valid Project rows for tests, the demo city seed and `make bench`.

`new_project(region, **fields)` builds an unsaved row with every required field filled (any field may be
given instead), `make_project(region, **fields)` saves one with its departments and owner accounts, and
`make_projects(rows, …)` saves many in bulk (with history when an actor is named). Rows made here skip the
services on purpose: they are fixtures, not a user's registration; no page or API calls this module.
"""

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from .choices import Category
from .models import Project

DEFAULTS = {
    "owner_unit": "盘锦测试有限公司", "industry": "C", "category": Category.INDUSTRY,
    "total_investment": Decimal("12000.00"),
}


def new_project(region, **fields):
    """An unsaved project in `region`: name, owner, industry, category and total investment defaulted."""
    return Project(**{"name": f"{region.name}测试项目", "region": region, **DEFAULTS, **fields})


def make_project(region, *, responsible_departments=(), owner_users=(), **fields):
    project = new_project(region, **fields)
    project.save()
    if responsible_departments:
        project.responsible_departments.set(responsible_departments)
    if owner_users:
        project.owner_users.set(owner_users)
    return project


def make_projects(rows, *, actor=None, reason="", batch_size=1000):
    """Save unsaved projects in bulk and return them with their ids. With `actor`, each gets a history row
    (who, and `reason`) as a registration would; without, none (the bench's millions of rows)."""
    if actor is None:
        return Project.objects.bulk_create(rows, batch_size=batch_size)
    for project in rows:
        project._history_user = actor
    return bulk_create_with_history(rows, Project, batch_size=batch_size, default_user=actor,
                                    default_change_reason=reason)
