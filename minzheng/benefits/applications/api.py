"""``/api/benefits/applications/``: the same work as the application pages — list and take in
applications, read one with its timeline and economic check, and move it through the state
machine (one POST per transition). Thin: a serializer shapes the input with Chinese messages
per field, one service or selector does the work. Out of scope answers 404; an illegal
transition answers 400 on ``status`` with the reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.benefits import messages
from minzheng.benefits.applications import selectors, services
from minzheng.benefits.applications.models import (
    Application,
    CheckMember,
    EconomicCheck,
    IncomeItem,
    Objection,
    TimelineEntry,
)
from minzheng.benefits.money import parse_month
from minzheng.benefits.programs.selectors import program_get
from minzheng.core.api.base import ApiView
from minzheng.people.models import Person
from minzheng.people.selectors import household_get, person_get

TAGS = ["benefits"]
VIEW = "benefits.view_application"


def _required(message: str) -> dict[str, str]:
    return {"required": message, "blank": message, "null": message}


MONEY_ERRORS = {"invalid": messages.CHECK_INCOME_INVALID, "min_value": messages.CHECK_INCOME_NEGATIVE,
                "max_value": messages.CHECK_INCOME_TOO_LARGE.format(max=services.INCOME_MAX),
                "max_decimal_places": messages.CHECK_INCOME_INVALID, "max_digits": messages.CHECK_INCOME_INVALID,
                "max_whole_digits": messages.CHECK_INCOME_INVALID, "max_string_length": messages.CHECK_INCOME_INVALID,
                "null": messages.CHECK_INCOME_INVALID}


def money_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"),
                                    max_value=services.INCOME_MAX, error_messages=MONEY_ERRORS, **kwargs)


# ---- output ------------------------------------------------------------------------------------

class TimelineEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEntry
        fields = ["at", "actor_name", "action", "from_status", "to_status", "note"]
        read_only_fields = fields


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["notice_round", "raised_by", "content", "recorded_at"]
        read_only_fields = fields


class IncomeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncomeItem
        fields = ["kind", "monthly_amount"]
        read_only_fields = fields


class CheckMemberSerializer(serializers.ModelSerializer):
    income_items = IncomeItemSerializer(many=True, read_only=True)

    class Meta:
        model = CheckMember
        fields = ["person", "name", "relationship", "age", "deceased", "lives_together", "dependent", "work_capable",
                  "income_stable", "counted", "not_counted_reason", "monthly_income", "income_items"]
        read_only_fields = fields


class EconomicCheckSerializer(serializers.ModelSerializer):
    members = CheckMemberSerializer(many=True, read_only=True)
    per_capita_income = serializers.SerializerMethodField(help_text="人均月收入，保留两位小数显示")

    class Meta:
        model = EconomicCheck
        fields = ["month", "deposits", "vehicles", "houses", "household_income", "counted_members",
                  "per_capita_income", "standard", "eligible", "monthly_amount", "reasons", "review_interval_months",
                  "checked_at", "members"]
        read_only_fields = fields

    def get_per_capita_income(self, obj: EconomicCheck) -> str:
        return f"{obj.per_capita_income.quantize(Decimal('0.01'))}"


class ApplicationSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", help_text="项目代码")
    status_display = serializers.CharField(source="get_status_display", help_text="状态名称")
    overdue = serializers.SerializerMethodField(help_text="是否超过25个工作日（或不予批准通知超过3个工作日）")

    class Meta:
        model = Application
        fields = ["id", "program", "household", "person", "region_code", "channel", "reason", "status",
                  "status_display", "submitted_at", "due_on", "limit_on", "notice_started_on", "notice_ends_on",
                  "notice_round", "decision_due_on", "decided_at", "approved_amount", "refusal_reason",
                  "refusal_notice_due_on", "refusal_notified_at", "enrollment", "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj: Application) -> bool:
        today = timezone.localdate()
        if obj.is_open:
            return obj.due_on < today
        return bool(obj.status == Application.Status.REFUSED and obj.refusal_notified_at is None
                    and obj.refusal_notice_due_on and obj.refusal_notice_due_on < today)


class ApplicationDetailSerializer(ApplicationSerializer):
    timeline = TimelineEntrySerializer(many=True, read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)
    economic_check = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "timeline", "objections", "economic_check"]
        read_only_fields = fields

    @extend_schema(responses=EconomicCheckSerializer(allow_null=True))
    def get_economic_check(self, obj: Application) -> dict[str, Any] | None:
        check = selectors.economic_check_of(application=obj)
        return dict(EconomicCheckSerializer(check).data) if check is not None else None


class TownshipQueueSerializer(serializers.Serializer):
    new = ApplicationSerializer(many=True, help_text="新受理，待开始核对")
    checks_due = ApplicationSerializer(many=True, help_text="待登记经济状况核对结果")
    in_review = ApplicationSerializer(many=True, help_text="待乡镇审核")
    notices_ending = ApplicationSerializer(many=True, help_text="两日内公示期满")
    overdue = ApplicationSerializer(many=True, help_text="超期案件")


class ApprovalQueueSerializer(serializers.Serializer):
    ready = ApplicationSerializer(many=True, help_text="公示期满待审批")
    in_notice = ApplicationSerializer(many=True, help_text="公示中")


# ---- input -------------------------------------------------------------------------------------

class ApplicationQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Application.Status.choices, required=False, allow_blank=True,
                                     help_text="状态")
    program = serializers.CharField(required=False, allow_blank=True, max_length=32, help_text="项目代码")
    overdue = serializers.BooleanField(required=False, default=False, help_text="只看超期案件")


class ApplicationCreateSerializer(serializers.Serializer):
    program = serializers.CharField(max_length=32, help_text="项目代码，如 dibao",
                                    error_messages=_required(messages.PROGRAM_REQUIRED))
    household = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1,
                                         help_text="家庭户编号（按户申请的项目）",
                                         error_messages={"invalid": messages.APPLICATION_HOUSEHOLD_UNKNOWN,
                                                         "min_value": messages.APPLICATION_HOUSEHOLD_UNKNOWN,
                                                         "max_value": messages.APPLICATION_HOUSEHOLD_UNKNOWN,
                                                         "max_string_length": messages.APPLICATION_HOUSEHOLD_UNKNOWN})
    person = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1,
                                      help_text="人员编号（按人申请的项目）",
                                      error_messages={"invalid": messages.APPLICATION_PERSON_UNKNOWN,
                                                      "min_value": messages.APPLICATION_PERSON_UNKNOWN,
                                                      "max_value": messages.APPLICATION_PERSON_UNKNOWN,
                                                      "max_string_length": messages.APPLICATION_PERSON_UNKNOWN})
    channel = serializers.ChoiceField(choices=Application.Channel.choices, required=False,
                                      default=Application.Channel.TOWNSHIP, help_text="township 乡镇受理、online 网上申请",
                                      error_messages={"invalid_choice": messages.APPLICATION_CHANNEL_INVALID,
                                                      "null": messages.APPLICATION_CHANNEL_INVALID})
    reason = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX, help_text="申请理由",
                                   error_messages={"max_length": messages.APPLICATION_REASON_TOO_LONG.format(
                                       max=services.TEXT_MAX)})


class MemberInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1,
                                      help_text="登记在册的家庭成员的人员编号；不填则按姓名等填写",
                                      error_messages={"invalid": messages.APPLICATION_PERSON_UNKNOWN,
                                                      "min_value": messages.APPLICATION_PERSON_UNKNOWN,
                                                      "max_value": messages.APPLICATION_PERSON_UNKNOWN})
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="姓名（无人员编号时必填）")
    relationship = serializers.ChoiceField(choices=CheckMember.Relationship.choices, help_text="与申请人关系",
                                           error_messages={**_required("请填写与申请人关系"),
                                                           "invalid_choice": "与申请人关系无效"})
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=150, help_text="年龄",
                                   error_messages={"invalid": "年龄应为0到150的整数", "min_value": "年龄应为0到150的整数",
                                                   "max_value": "年龄应为0到150的整数"})
    deceased = serializers.BooleanField(required=False, default=False)
    lives_together = serializers.BooleanField(required=False, default=True, help_text="长期共同生活")
    dependent = serializers.BooleanField(required=False, default=False, help_text="成年子女不能独立生活或全日制在读")
    work_capable = serializers.BooleanField(required=False, default=False, help_text="有劳动能力")
    income_stable = serializers.BooleanField(required=False, default=True, help_text="收入稳定")
    incomes = serializers.DictField(child=money_field(), required=False, default=dict,
                                    help_text="月收入（元），键为 wage、business、property、transfer")

    def validate_incomes(self, value: dict[str, Decimal]) -> dict[str, Decimal]:
        unknown = sorted(set(value) - set(IncomeItem.Kind.values))
        if unknown:
            raise serializers.ValidationError(f"收入类别无效：{'、'.join(unknown)}")
        return value


class AssetsSerializer(serializers.Serializer):
    deposits = money_field(required=False, default=Decimal("0"), help_text="存款及有价证券（元）")
    vehicles = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000,
                                        error_messages={"min_value": messages.CHECK_ASSET_NEGATIVE.format(field="机动车"),
                                                        "invalid": "机动车数量应为整数"})
    houses = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000,
                                      error_messages={"min_value": messages.CHECK_ASSET_NEGATIVE.format(field="住房"),
                                                      "invalid": "住房数量应为整数"})


class EconomicCheckInputSerializer(serializers.Serializer):
    month = serializers.CharField(required=False, allow_blank=True, max_length=7, help_text="核对月份 YYYY-MM；默认本月")
    assets = AssetsSerializer(required=False)
    members = serializers.ListField(child=MemberInputSerializer(), allow_empty=False, max_length=50,
                                    help_text="家庭成员，每人一项",
                                    error_messages={**_required(messages.CHECK_MEMBERS_REQUIRED),
                                                    "empty": messages.CHECK_MEMBERS_REQUIRED,
                                                    "not_a_list": messages.CHECK_MEMBERS_REQUIRED,
                                                    "max_length": "家庭成员不能超过50人"})

    def validate_month(self, value: str) -> str:
        if value:
            try:
                parse_month(value)
            except ValueError as exc:
                raise serializers.ValidationError("核对月份应为 YYYY-MM") from exc
        return value


class OpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX,
                                    help_text="乡镇审核意见")


class ObjectionInputSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=services.TEXT_MAX, help_text="异议内容",
                                    error_messages=_required(messages.APPLICATION_OBJECTION_REQUIRED))
    raised_by = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="异议人，可匿名")


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.TEXT_MAX, help_text="不予批准理由（书面）",
                                   error_messages=_required(messages.APPLICATION_REFUSAL_REASON_REQUIRED))


class EmptySerializer(serializers.Serializer):
    pass


# ---- views -------------------------------------------------------------------------------------

def _act(call: Any, **kwargs: Any) -> Any:
    """Call a service, keeping its own reason on a 403 (the generic handler would drop it)."""
    try:
        return call(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


ILLEGAL = OpenApiExample("状态不允许", value={"status": [messages.APPLICATION_ILLEGAL_TRANSITION.format(
    status="已受理", action="开始公示")]}, status_codes=["400"], response_only=True)


class ApplicationListCreateApi(ApiView):
    serializer_class = ApplicationCreateSerializer
    query_serializer_class = ApplicationQuerySerializer
    required_permissions = {"GET": VIEW, "POST": services.HANDLE}

    @extend_schema(operation_id="benefits_applications_list", summary="救助申请列表（仅本辖区）", tags=TAGS,
                   responses=ApplicationSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.application_list(user=request.user, **self.query_params()),
                              ApplicationSerializer)

    @extend_schema(operation_id="benefits_applications_create", summary="受理救助申请", tags=TAGS,
                   request=ApplicationCreateSerializer, responses={201: ApplicationSerializer},
                   examples=[OpenApiExample("按户项目未填家庭户", value={"household": [
                       messages.APPLICATION_HOUSEHOLD_REQUIRED.format(program="最低生活保障")]},
                       status_codes=["400"], response_only=True)])
    def post(self, request: Request) -> Response:
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        program = program_get(code=values["program"])
        if program is None:
            raise serializers.ValidationError({"program": [messages.PROGRAM_UNKNOWN.format(code=values["program"])]})
        household = person = None
        try:
            if program.is_household and values.get("household"):
                household = household_get(user=request.user, pk=values["household"])
            if not program.is_household and values.get("person"):
                person = person_get(user=request.user, pk=values["person"])
        except Http404 as exc:
            field, message = (("household", messages.APPLICATION_HOUSEHOLD_UNKNOWN) if program.is_household
                              else ("person", messages.APPLICATION_PERSON_UNKNOWN))
            raise serializers.ValidationError({field: [message]}) from exc
        application = _act(services.application_submit, actor=request.user, program=program, household=household,
                           person=person, channel=values["channel"], reason=values.get("reason", ""))
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class TownshipQueueApi(ApiView):
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="benefits_applications_queue", summary="乡镇工作台：新受理、待核对、待审核、公示将满、超期",
                   tags=TAGS, responses=TownshipQueueSerializer)
    def get(self, request: Request) -> Response:
        queue = selectors.township_queue(user=request.user)
        return Response(TownshipQueueSerializer(queue.__dict__).data)


class ApprovalQueueApi(ApiView):
    required_permissions = {"GET": services.DECIDE}

    @extend_schema(operation_id="benefits_applications_approvals", summary="区县审批队列", tags=TAGS,
                   responses=ApprovalQueueSerializer)
    def get(self, request: Request) -> Response:
        return Response(ApprovalQueueSerializer(selectors.approval_queue(user=request.user)).data)


class ApplicationDetailApi(ApiView):
    required_permissions = {"GET": VIEW}

    @extend_schema(operation_id="benefits_applications_retrieve", summary="救助申请详情：办理记录、经济状况核对、公示、决定",
                   tags=TAGS, responses=ApplicationDetailSerializer)
    def get(self, request: Request, pk: int, **kwargs: Any) -> Response:
        return Response(ApplicationDetailSerializer(selectors.application_get(user=request.user, pk=pk)).data)


class _TransitionApi(ApiView):
    """One transition: read the application through the scope, validate the body, call the
    service, answer the application as it now is."""

    input_class: type[serializers.Serializer] = EmptySerializer
    serializer_class = EmptySerializer

    def call(self, request: Request, application: Application, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            self.call(request, application, dict(data.validated_data))
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        return Response(ApplicationDetailSerializer(selectors.application_get(user=request.user, pk=pk)).data)


def _transition(verb: str, perm: str, summary: str, input_class: type[serializers.Serializer],
                call: Any) -> type[_TransitionApi]:
    class Api(_TransitionApi):
        required_permissions = {"POST": perm}

        @extend_schema(operation_id=f"benefits_applications_{verb}", summary=summary, tags=TAGS,
                       request=input_class, responses=ApplicationDetailSerializer, examples=[ILLEGAL])
        def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
            return super().post(request, pk, **kwargs)

    Api.input_class = input_class
    Api.serializer_class = input_class
    Api.call = lambda self, request, app, values: call(request.user, app, values)  # type: ignore[method-assign]
    Api.__name__ = Api.__qualname__ = f"Application{verb.title().replace('_', '')}Api"
    return Api


def _economic_check(user: Any, app: Application, values: dict[str, Any]) -> Any:
    members = []
    for n, m in enumerate(values["members"], start=1):
        person: Person | None = None
        if m.get("person"):
            try:
                person = person_get(user=user, pk=m["person"])
            except Http404 as exc:
                raise serializers.ValidationError(
                    {"members": [messages.CHECK_MEMBER_NOT_IN_HOUSEHOLD.format(n=n)]}) from exc
        members.append(services.MemberInput(
            person=person, relationship=m["relationship"], name=m.get("name", ""), age=m.get("age"),
            deceased=m["deceased"], lives_together=m["lives_together"], dependent=m["dependent"],
            work_capable=m["work_capable"], income_stable=m["income_stable"], incomes=m["incomes"]))
    assets = values.get("assets") or {}
    return services.application_economic_check_record(
        actor=user, application=app, members=members, deposits=assets.get("deposits", Decimal("0")),
        vehicles=assets.get("vehicles", 0), houses=assets.get("houses", 0),
        month=parse_month(values["month"]) if values.get("month") else None)


CheckStartApi = _transition("check_start", services.HANDLE, "开始家庭经济状况核对", EmptySerializer,
                            lambda user, app, v: services.application_check_start(actor=user, application=app))
EconomicCheckApi = _transition("economic_check", services.HANDLE,
                               "登记家庭经济状况核对结果（按项目规则认定），转乡镇审核", EconomicCheckInputSerializer,
                               _economic_check)
NoticeApi = _transition("notice", services.HANDLE, "乡镇审核通过，开始7天公示", OpinionSerializer,
                        lambda user, app, v: services.application_notice_start(actor=user, application=app,
                                                                               opinion=v.get("opinion", "")))
ObjectionApi = _transition("objection", services.HANDLE, "登记公示异议，退回乡镇审核", ObjectionInputSerializer,
                           lambda user, app, v: services.application_objection_record(
                               actor=user, application=app, content=v["content"], raised_by=v.get("raised_by", "")))
ApproveApi = _transition("approve", services.DECIDE, "区县批准（按月项目同时纳入待遇，自次月起发放）", EmptySerializer,
                         lambda user, app, v: services.application_approve(actor=user, application=app))
RefuseApi = _transition("refuse", services.DECIDE, "区县不予批准（书面理由）", RefuseSerializer,
                        lambda user, app, v: services.application_refuse(actor=user, application=app,
                                                                         reason=v["reason"]))
RefusalNotifiedApi = _transition("refusal_notified", services.HANDLE, "登记不予批准通知已送达", EmptySerializer,
                                 lambda user, app, v: services.application_refusal_notify(actor=user, application=app))

base = "benefits/applications/"
urlpatterns = [
    path(base, ApplicationListCreateApi.as_view(), name="benefits-applications"),
    path(f"{base}queue/", TownshipQueueApi.as_view(), name="benefits-applications-queue"),
    path(f"{base}approvals/", ApprovalQueueApi.as_view(), name="benefits-applications-approvals"),
    path(f"{base}<int:pk>/", ApplicationDetailApi.as_view(), name="benefits-application"),
    path(f"{base}<int:pk>/check-start/", CheckStartApi.as_view(), name="benefits-application-check-start"),
    path(f"{base}<int:pk>/economic-check/", EconomicCheckApi.as_view(), name="benefits-application-economic-check"),
    path(f"{base}<int:pk>/notice/", NoticeApi.as_view(), name="benefits-application-notice"),
    path(f"{base}<int:pk>/objection/", ObjectionApi.as_view(), name="benefits-application-objection"),
    path(f"{base}<int:pk>/approve/", ApproveApi.as_view(), name="benefits-application-approve"),
    path(f"{base}<int:pk>/refuse/", RefuseApi.as_view(), name="benefits-application-refuse"),
    path(f"{base}<int:pk>/refusal-notified/", RefusalNotifiedApi.as_view(),
         name="benefits-application-refusal-notified"),
]
