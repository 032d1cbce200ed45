"""Which plan a command or an import means (by short name, or the only one there is), and who may
manage a plan."""

from pathlib import Path

from activities.models import Plan
from activities.services.closed_plans import CLOSED_PLAN_MESSAGE


def can_create_plan(user) -> bool:
    """Create a plan (a new one, or a successor of one the user may manage)."""
    return user.has_perm("activities.add_plan")


def can_manage_plan(user, plan: Plan) -> bool:
    """Rename, re-date, close or reopen this plan, see its history, start its successor.

    The one question every door (the plan's settings pages, the admin) asks: permissions are
    force-wide today, and scoping them per plan later changes only this function.
    """
    return user.has_perm("activities.change_plan")


class PlanChoiceError(Exception):
    """The plan asked for does not exist, or none was named and there are several; `message`
    lists the plans there are, in words a person can act on."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def plan_listing() -> str:
    plans = Plan.objects.order_by("short_name")
    return "; ".join(
        f"{plan.short_name} (“{plan.title}”, {plan.get_state_display().lower()})" for plan in plans
    )


def choose_plan(short_name: str | None) -> Plan | None:
    """The plan named, or with no name the only plan (None when there is none yet)."""
    if short_name:
        plan = Plan.objects.filter(short_name=short_name).first()
        if plan is None:
            known = plan_listing() or "there are no plans yet"
            raise PlanChoiceError(
                f"There is no plan with the short name “{short_name}”. Plans: {known}."
            )
        return plan
    plans = list(Plan.objects.order_by("pk")[:2])
    if len(plans) > 1:
        raise PlanChoiceError(
            f"There are several plans, so say which one. Plans: {plan_listing()}."
        )
    return plans[0] if plans else None


def title_from_file_name(file_name: str) -> str:
    """A new plan's title when nothing else names it: "equality_plan-2024.xlsx" -> "Equality plan 2024"."""
    stem = Path(file_name).stem.replace("_", " ").replace("-", " ")
    words = " ".join(stem.split()) or "Imported plan"
    return words[0].upper() + words[1:]


def import_destination(*, short_name: str | None, new_title: str | None, file_name: str):
    """Where `import_plan` puts a file: --plan, --new-plan, the only plan, or (no plan yet) a new
    plan titled from the file name. Raises PlanChoiceError with the plans listed, or when the plan
    is closed (nothing in a closed plan changes)."""
    from activities.importing.destination import Destination

    if short_name and new_title:
        raise PlanChoiceError("Give --plan or --new-plan, not both.")
    if new_title:
        if Plan.objects.filter(title__iexact=new_title.strip()).exists():
            raise PlanChoiceError(
                f"A plan titled “{new_title.strip()}” exists already: import into it with --plan."
            )
        return Destination(new_title=new_title)
    plan = choose_plan(short_name)
    if plan is not None and plan.is_closed:
        raise PlanChoiceError(f"“{plan.title}” ({plan.short_name}): {CLOSED_PLAN_MESSAGE}")
    return (
        Destination(plan=plan) if plan else Destination(new_title=title_from_file_name(file_name))
    )
