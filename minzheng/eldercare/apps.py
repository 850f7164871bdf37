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
        events.person_moved.connect(love_cards.love_card_follow_person_move,
                                    dispatch_uid="eldercare.love_card_follow_move")
        # The eldercare service subsidy lands on the cards when its payment run is approved.
        events.payment_run_approved.connect(love_cards.love_card_credit_on_approval,
                                            dispatch_uid="eldercare.love_card_credit_subsidies")
        # A person in a care-home bed and a home eldercare bed the same day is a bed integrity finding.
        from minzheng.eldercare.beds.integrity import other_bed_source_register
        from minzheng.eldercare.home_beds.selectors import holders as home_bed_holders

        other_bed_source_register(key="home_beds", label="家庭养老床位", holders=home_bed_holders)
