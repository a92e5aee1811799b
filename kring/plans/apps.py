from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kring.plans"
    label = "plans"

    def ready(self) -> None:
        from kring.cases import guards
        from kring.cases.states import Status
        from kring.plans.services import plan_delivered_guard

        # Nobody delivers a plan without a follow-up or with an unassessed safety requirement.
        guards.register(Status.PLAN_DELIVERED, plan_delivered_guard)
