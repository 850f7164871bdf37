from django.apps import AppConfig


class EldercareConfig(AppConfig):
    name = "minzheng.eldercare"
    label = "eldercare"
    verbose_name = "养老服务"

    def ready(self) -> None:
        from minzheng.core import events
        from minzheng.eldercare.love_cards import receivers as love_cards

        # A dead holder's card takes no more debits; a card follows its holder when they move.
        events.person_died.connect(love_cards.love_card_freeze_on_death, dispatch_uid="eldercare.love_card_freeze")
        # The rest of what a death ends in eldercare (身后一件事), and what a revoked one puts back.
        from minzheng.eldercare.beds import receivers as beds
        from minzheng.eldercare.caregivers import receivers as caregivers
        from minzheng.eldercare.home_beds import receivers as home_beds
        from minzheng.eldercare.home_services import receivers as home_services

        for died, revoked, uid in (
            (beds.bed_check_out_on_death, beds.bed_reopen_on_revocation, "bed"),
            (home_beds.home_bed_end_on_death, home_beds.home_bed_reopen_on_revocation, "home_bed"),
            (home_services.orders_cancel_on_death, home_services.orders_reopen_on_revocation, "orders"),
            (caregivers.caregiver_leave_on_death, caregivers.caregiver_reopen_on_revocation, "caregiver"),
        ):
            events.person_died.connect(died, dispatch_uid=f"eldercare.{uid}_on_death")
            events.person_death_revoked.connect(revoked, dispatch_uid=f"eldercare.{uid}_on_revocation")
        events.person_death_revoked.connect(love_cards.love_card_unfreeze_on_revocation,
                                            dispatch_uid="eldercare.love_card_unfreeze")
        events.person_moved.connect(love_cards.love_card_follow_person_move,
                                    dispatch_uid="eldercare.love_card_follow_move")
        # The eldercare service subsidy lands on the cards when its payment run is approved.
        events.payment_run_approved.connect(love_cards.love_card_credit_on_approval,
                                            dispatch_uid="eldercare.love_card_credit_subsidies")
        # A person in a care-home bed and a home eldercare bed the same day is a bed integrity finding.
        from minzheng.eldercare.beds.integrity import other_bed_source_register
        from minzheng.eldercare.home_beds.selectors import holders as home_bed_holders

        other_bed_source_register(key="home_beds", label="家庭养老床位", holders=home_bed_holders)
