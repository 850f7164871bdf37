"""The audit log in words: one registry of what every action code and every changed field is
called in Chinese, and the readable form of an entry's before/after.

A service that writes a new action code adds it to ``ACTIONS`` (and its object to ``OBJECTS`` if
the object is new); a key of ``before``/``after`` that is not a model field goes into ``FIELDS``.
``tests/core/test_audit_labels.py`` finds every code and key in the code base and fails on one
that has no label here, so the auditor never meets an internal name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model

# The object part of an action code (its first two parts), by what the auditor calls it.
OBJECTS: dict[str, str] = {
    "assistance.ability_level": "能力等级",
    "assistance.disability_certificate": "残疾人证",
    "benefits.application": "救助申请",
    "benefits.enrollment": "救助待遇",
    "benefits.review": "待遇复核",
    "benefits.standard": "救助标准",
    "benefits.payment_run": "发放批次",
    "benefits.bank_account": "银行账户",
    "core.import_job": "导入任务",
    "core.audit_chain": "审计链",
    "core.key_rotation": "字段密钥轮换",
    "eldercare.assessment": "老年人能力评估",
    "eldercare.bed": "床位",
    "eldercare.occupancy": "床位入住",
    "eldercare.bed_subsidy_run": "床位运营补贴批次",
    "eldercare.bed_subsidy_rate": "床位运营补贴标准",
    "eldercare.love_card": "爱心卡",
    "eldercare.meal": "老年助餐",
    "eldercare.meal_subsidy_rate": "老年助餐补贴标准",
    "eldercare.home_bed": "家庭养老床位",
    "eldercare.home_bed_device": "家庭养老床位设备",
    "eldercare.service_order": "居家养老服务工单",
    "eldercare.home_service_supervision": "居家服务监管",
    "eldercare.supervision_threshold": "居家服务监管阈值",
    "eldercare.caregiver": "养老护理员",
    "eldercare.caregiver_award": "护理员获奖",
    "eldercare.caregiver_allowance": "护理员特殊岗位津贴",
    "eldercare.allowance_standard": "护理员津贴标准",
    "eldercare.insurance_policy": "老年人意外险保单",
    "eldercare.insurance_claim": "老年人意外险理赔",
    "eldercare.adaptation_item": "适老化改造产品目录",
    "eldercare.adaptation_application": "适老化改造申请",
    "children.profile": "儿童档案",
    "children.director": "儿童主任和儿童督导员",
    "children.visit": "儿童走访",
    "children.service": "流动儿童基本服务",
    "children.allowance": "儿童基本生活费",
    "demo.children": "演示儿童福利",
    "core.region": "行政区划",
    "core.staff": "工作人员",
    "demo.city": "演示数据",
    "demo.assistance": "演示救助数据",
    "demo.facilities": "演示服务设施",
    "demo.eldercare": "演示养老机构床位与能力评估",
    "demo.love_cards": "演示爱心卡",
    "demo.meals": "演示老年助餐",
    "demo.caregivers": "演示养老护理员",
    "demo.home_beds": "演示家庭养老床位",
    "demo.home_services": "演示居家养老服务",
    "demo.insurance": "演示老年人意外险",
    "demo.adaptation": "演示适老化改造",
    "demo.lottery": "演示福利彩票",
    "lottery.contract": "福彩代销合同",
    "lottery.fund_rate": "公益金提取比例",
    "lottery.promotion_event": "福彩公益推广活动",
    "lottery.sales": "福彩月度销量",
    "lottery.station": "福彩销售站点",
    "lottery.upgrade": "福彩站点升级改造",
    "lottery.unclaimed_prize": "逾期未兑奖金",
    "demo.rehab": "演示精神康复",
    "disability.network_placement": "精神康复网络节点",
    "disability.rehab_patient": "在册精神障碍患者",
    "disability.rehab_service": "精神康复服务记录",
    "disability.review_round": "残疾人两项补贴复核批次",
    "facilities.facility": "服务设施",
    "facilities.operator": "服务机构",
    "facilities.operator_member": "服务机构操作员",
    "people.household": "家庭户",
    "people.import": "人口导入",
    "people.move_in": "迁入申请",
    "people.person": "人员",
    "places.address": "标准地址",
    "places.address_import": "地址导入",
    "places.department": "门牌关联部门",
    "places.doorplate": "数字门牌",
    "places.doorplate_service": "门牌关联服务",
    "places.heritage": "地名文化遗产",
    "places.household_address": "家庭户地址关联",
    "places.naming": "道路桥梁命名",
    "places.person_address": "人员地址关联",
    "places.place_name_work": "地名文化工作",
    "places.plate_report": "门牌问题反馈",
    "places.quality": "地址质量检查",
    "places.road": "街路巷",
    "civil_society.organization": "社会组织",
    "civil_society.annual_report": "社会组织年度报告",
    "civil_society.signal": "社会组织活动记录",
    "civil_society.credit_entry": "社会组织信用名录",
    "civil_society.credit_lists": "信用名录规则",
    "civil_society.cleanup_case": "僵尸型社会组织清理案件",
    "civil_society.venture_round": "公益创投批次",
    "civil_society.venture_application": "公益创投项目",
    "civil_society.venture_review": "公益创投评审",
    "civil_society.award": "社会组织表彰",
    "demo.civil_society": "演示社会组织",
    "civil_society.charity_recognition": "慈善组织认定",
    "civil_society.fundraising_qualification": "公开募捐资格",
    "civil_society.charity_accounts": "慈善组织年度账目",
    "civil_society.campaign": "募捐活动",
    "civil_society.donation": "捐赠",
    "civil_society.disbursement": "慈善资金拨付",
    "civil_society.charitable_trust": "慈善信托",
    "civil_society.trust_report": "慈善信托年度报告",
    "demo.charity": "演示慈善",
    # Marriage, funeral and the after-death one thing (issue 12).
    "demo.cemetery": "演示智慧公墓",
    "demo.deaths": "演示死亡登记",
    "demo.funeral": "演示殡仪服务",
    "demo.marriage": "演示婚姻登记",
    "demo.marriage_events": "演示婚姻家庭服务",
    "demo.past_deaths": "演示2024年死亡人员",
    "funeral.after_death": "身后一件事",
    "funeral.case": "殡仪服务案件",
    "funeral.conversion": "公墓生态化改造项目",
    "funeral.death": "死亡登记",
    "funeral.eco_burial": "节地生态安葬",
    "funeral.plot": "墓穴（格位）",
    "funeral.plots": "墓穴（格位）",
    "funeral.renewal_reminders": "墓穴续期提醒",
    "funeral.service": "殡仪服务项目",
    "funeral.use_period": "墓穴使用期",
    "funeral.waiver_item": "基本殡葬服务减免项目",
    "marriage.booking": "婚姻登记预约",
    "marriage.certificate": "婚姻登记证",
    "marriage.divorce": "协议离婚",
    "marriage.event": "婚姻家庭服务活动",
    "marriage.marriage": "婚姻登记",
    "marriage.slots": "婚姻登记预约时段",
    "marriage.wedding_base": "简约婚礼示范基地",
}

# Every action code, by what was done. Grouped by object, in the order the pick list shows them.
ACTIONS: dict[str, str] = {
    "assistance.ability_level.recorded": "登记",
    "assistance.disability_certificate.recorded": "登记",
    "assistance.disability_certificate.revoked": "注销",
    "benefits.application.submitted": "受理申请",
    "benefits.application.check_started": "开始经济状况核对",
    "benefits.application.checked": "登记经济状况核对结果",
    "benefits.application.notice_started": "开始公示",
    "benefits.application.objected": "登记公示异议",
    "benefits.application.approved": "批准",
    "benefits.application.refused": "不予批准",
    "benefits.application.refusal_notified": "登记送达不予批准通知",
    "benefits.standard.added": "新增",
    "benefits.enrollment.created": "开始享受",
    "benefits.enrollment.review_due": "到期待复核",
    "benefits.enrollment.suspended": "暂停",
    "benefits.enrollment.resumed": "恢复",
    "benefits.enrollment.terminated": "终止",
    "benefits.review.recorded": "登记复核结果",
    "benefits.payment_run.created": "生成",
    "benefits.payment_run.computed": "计算完成",
    "benefits.payment_run.approved": "审核通过",
    "benefits.payment_run.exported": "导出银行文件",
    "benefits.payment_run.returns_imported": "导入银行回盘",
    "benefits.bank_account.set": "登记",
    "core.import_job.expired": "过期清理",
    "core.audit_chain.verified": "防篡改核验",
    "core.key_rotation.started": "开始（或继续）重新加密",
    "core.key_rotation.completed": "全部数据已由新密钥加密",
    "facilities.facility.created": "登记",
    "facilities.facility.updated": "修改",
    "facilities.facility.operation_updated": "修改开放时间和状态",
    "facilities.operator.created": "登记",
    "facilities.operator.updated": "修改",
    "facilities.operator_member.account_created": "开设账号",
    "facilities.operator_member.added": "添加",
    "facilities.operator_member.removed": "移除",
    "eldercare.assessment.recorded": "录入",
    "eldercare.assessment.voided": "作废",
    "eldercare.bed.created": "登记",
    "eldercare.bed.retired": "撤销",
    "eldercare.bed.scanned": "扫码",
    "eldercare.occupancy.checked_in": "办理入住",
    "eldercare.occupancy.checked_out": "办理退住",
    "eldercare.bed_subsidy_run.created": "生成",
    "eldercare.bed_subsidy_run.computed": "计算",
    "eldercare.bed_subsidy_run.approved": "审核",
    "eldercare.bed_subsidy_rate.added": "录入",
    "eldercare.love_card.activated": "开通",
    "eldercare.love_card.topped_up": "充值",
    "eldercare.love_card.debited": "扣款",
    "eldercare.love_card.subsidies_credited": "养老服务补贴入卡",
    "eldercare.love_card.frozen": "冻结",
    "eldercare.love_card.moved": "随持卡人迁移",
    "eldercare.love_card.bulk_posted": "批量记账",
    "eldercare.meal.recorded": "登记",
    "eldercare.meal.bulk_recorded": "批量登记",
    "eldercare.meal_subsidy_rate.added": "录入",
    "eldercare.home_bed.signed": "签约",
    "eldercare.home_bed.ended": "终止",
    "eldercare.home_bed_device.installed": "安装",
    "eldercare.home_bed_device.removed": "拆除",
    "eldercare.service_order.created": "派单",
    "eldercare.service_order.cancelled": "取消",
    "eldercare.service_order.checked_in": "签到",
    "eldercare.service_order.checked_out": "签退",
    "eldercare.service_order.rated": "评价",
    "eldercare.home_service_supervision.run": "运行监管规则",
    "eldercare.supervision_threshold.added": "录入",
    "eldercare.caregiver.registered": "登记",
    "eldercare.caregiver.level_changed": "变更证书等级",
    "eldercare.caregiver.left": "离职",
    "eldercare.caregiver_award.added": "登记获奖",
    "eldercare.caregiver_allowance.granted": "核定发放",
    "eldercare.allowance_standard.added": "录入",
    "eldercare.insurance_policy.added": "登记",
    "eldercare.insurance_claim.added": "登记报案",
    "eldercare.insurance_claim.paid": "赔付",
    "eldercare.insurance_claim.refused": "拒赔",
    "eldercare.adaptation_item.added": "新增",
    "eldercare.adaptation_application.submitted": "提交",
    "eldercare.adaptation_application.approved": "审核通过",
    "eldercare.adaptation_application.refused": "审核不通过",
    "eldercare.adaptation_application.paid": "发放补贴",
    "children.profile.created": "建档",
    "children.profile.reviewed": "复核",
    "children.profile.ended": "终止",
    "children.profile.aged_out": "年满18周岁自动终止",
    "children.director.appointed": "任职登记",
    "children.director.ended": "离任",
    "children.visit.recorded": "登记",
    "children.service.delivered": "登记",
    "children.allowance.granted": "核定发放",
    "demo.children.built": "生成",
    "core.region.renamed": "更名",
    "core.staff.created": "新增",
    "core.staff.updated": "修改",
    "demo.city.built": "生成",
    "demo.assistance.built": "生成",
    "demo.facilities.built": "生成",
    "demo.eldercare.built": "生成",
    "demo.love_cards.built": "生成",
    "demo.meals.built": "生成",
    "demo.caregivers.built": "生成",
    "demo.home_beds.built": "生成",
    "demo.home_services.built": "生成",
    "demo.insurance.built": "生成",
    "demo.adaptation.built": "生成",
    "demo.lottery.built": "生成",
    "lottery.contract.signed": "签订",
    "lottery.fund_rate.added": "添加",
    "lottery.promotion_event.recorded": "登记",
    "lottery.sales.imported": "导入",
    "lottery.station.closed": "关闭",
    "lottery.upgrade.recorded": "登记",
    "lottery.unclaimed_prize.recorded": "登记",
    "demo.rehab.built": "生成",
    "disability.network_placement.placed": "纳入网络",
    "disability.network_placement.ended": "退出网络",
    "disability.rehab_patient.registered": "登记",
    "disability.rehab_patient.consented": "登记知情同意",
    "disability.rehab_patient.ended": "结案",
    "disability.rehab_service.recorded": "登记",
    "disability.review_round.done": "完成复核",
    "demo.city.reset": "清空重建",
    "people.person.created": "新增",
    "people.person.updated": "修改",
    "people.person.died": "登记死亡",
    "people.household.created": "新建",
    "people.household.member_added": "添加成员",
    "people.household.member_updated": "修改成员关系",
    "people.household.member_moved": "迁移成员",
    "people.household.member_removed": "移出成员",
    "people.household.head_changed": "更换户主",
    "people.household.member_left": "成员迁出",
    "people.person.moved_in": "迁入",
    "people.move_in.requested": "提出",
    "people.move_in.accepted": "同意",
    "people.move_in.refused": "拒绝",
    "people.move_in.withdrawn": "撤回",
    "people.import.uploaded": "上传校验",
    "people.import.committed": "完成导入",
    "people.import.failed": "导入失败",
    "places.address.created": "新增",
    "places.address.imported": "批量导入",
    "places.address.coordinates_updated": "修改坐标",
    "places.address.retired": "注销",
    "places.address.region_renamed": "随区划更名",
    "places.address_import.uploaded": "上传校验",
    "places.address_import.commit_requested": "确认导入",
    "places.department.created": "新增",
    "places.department.updated": "修改",
    "places.department.deactivated": "停用",
    "places.doorplate.created": "安装",
    "places.doorplate.reinstalled": "重新安装",
    "places.doorplate.removed": "撤除",
    "places.doorplate.bulk_requested": "申请批量安装",
    "places.doorplate.bulk_installed": "批量安装完成",
    "places.doorplate_service.created": "新增",
    "places.doorplate_service.updated": "修改",
    "places.doorplate_service.deactivated": "停用",
    "places.heritage.batch_created": "新增批次",
    "places.heritage.entry_created": "新增条目",
    "places.heritage.entry_updated": "修改条目",
    "places.household_address.linked": "人工关联",
    "places.household_address.auto_linked": "自动关联",
    "places.naming.proposed": "提出申请",
    "places.naming.township_approved": "乡镇初审通过",
    "places.naming.township_rejected": "乡镇初审退回",
    "places.naming.approved": "区县批准",
    "places.naming.county_rejected": "区县退回",
    "places.naming.published": "公布",
    "places.person_address.linked": "人工关联",
    "places.person_address.auto_linked": "自动关联",
    "places.person_address.unlinked": "解除关联",
    "places.place_name_work.recorded": "登记",
    "places.plate_report.submitted": "提交",
    "places.plate_report.resolved": "已处理",
    "places.plate_report.dismissed": "不予处理",
    "places.quality.checked": "检查",
    "places.road.created": "新增",
    "places.road.imported": "批量导入",
    "places.road.aliases_updated": "修改别名",
    "civil_society.organization.registered": "登记",
    "civil_society.organization.changed": "变更登记",
    "civil_society.annual_report.recorded": "登记年度报告",
    "civil_society.signal.recorded": "登记",
    "civil_society.credit_entry.entered": "列入",
    "civil_society.credit_entry.removed": "移出",
    "civil_society.credit_lists.applied": "按规则处理",
    "civil_society.cleanup_case.filed": "立案",
    "civil_society.cleanup_case.noticed": "事先告知",
    "civil_society.cleanup_case.decided": "作出决定",
    "civil_society.cleanup_case.rectified": "整改完成",
    "civil_society.cleanup_case.overdue_listed": "逾期未整改列入异常名录",
    "civil_society.venture_round.created": "新建",
    "civil_society.venture_round.noticed": "公示",
    "civil_society.venture_application.submitted": "申报",
    "civil_society.venture_application.funded": "资助",
    "civil_society.venture_application.rejected": "不予资助",
    "civil_society.venture_application.outcome_recorded": "登记成效",
    "civil_society.venture_review.added": "评分",
    "civil_society.award.added": "登记",
    "demo.civil_society.built": "生成",
    "civil_society.charity_recognition.applied": "受理认定申请",
    "civil_society.charity_recognition.granted": "认定为慈善组织",
    "civil_society.charity_recognition.refused": "不予认定",
    "civil_society.charity_recognition.withdrawn": "取消认定",
    "civil_society.fundraising_qualification.applied": "受理资格申请",
    "civil_society.fundraising_qualification.granted": "准予公开募捐资格",
    "civil_society.fundraising_qualification.refused": "不予公开募捐资格",
    "civil_society.charity_accounts.recorded": "录入",
    "civil_society.campaign.filed": "备案募捐方案",
    "civil_society.donation.recorded": "登记捐赠",
    "civil_society.donation.voided": "作废票据",
    "civil_society.disbursement.recorded": "登记拨付",
    "civil_society.charitable_trust.filed": "备案",
    "civil_society.charitable_trust.trustee_changed": "变更受托人重新备案",
    "civil_society.trust_report.submitted": "提交年度报告",
    "demo.charity.built": "生成",
    # Marriage, funeral and the after-death one thing (issue 12): deaths, and what a revocation reopens.
    "benefits.application.closed_on_death": "因申请人死亡终止办理",
    "benefits.application.reopened": "撤销死亡登记后恢复办理",
    "benefits.enrollment.reopened": "撤销死亡登记后恢复待遇",
    "children.director.reinstated": "撤销死亡登记后恢复任职",
    "children.profile.reopened": "撤销死亡登记后恢复档案",
    "demo.cemetery.built": "生成",
    "demo.deaths.built": "生成",
    "demo.funeral.built": "生成",
    "demo.marriage.built": "生成",
    "demo.marriage_events.built": "生成",
    "demo.past_deaths.built": "生成",
    "eldercare.caregiver.reinstated": "撤销死亡登记后恢复在岗",
    "eldercare.home_bed.reopened": "撤销死亡登记后恢复签约",
    "eldercare.love_card.unfrozen": "撤销死亡登记后解冻",
    "eldercare.occupancy.reopened": "撤销死亡登记后恢复入住",
    "eldercare.service_order.reopened": "撤销死亡登记后恢复预约",
    "funeral.after_death.checklist_closed": "关闭部门通知清单",
    "funeral.after_death.checklist_opened": "生成部门通知清单",
    "funeral.after_death.item_updated": "更新通知事项状态",
    "funeral.case.opened": "受理",
    "funeral.conversion.completed": "完工",
    "funeral.conversion.created": "立项",
    "funeral.conversion.started": "开工",
    "funeral.death.family_code_renewed": "重新发放家属查询码",
    "funeral.death.registered": "登记死亡",
    "funeral.death.revoked": "撤销死亡登记",
    "funeral.eco_burial.recorded": "登记",
    "funeral.plot.interred": "登记安葬",
    "funeral.plot.reservation_cancelled": "取消预订",
    "funeral.plot.reserved": "预订",
    "funeral.plot.sold": "登记购买",
    "funeral.plots.created": "批量建立",
    "funeral.renewal_reminders.recorded": "记录续期提醒",
    "funeral.service.recorded": "登记服务",
    "funeral.service.voided": "作废服务",
    "funeral.use_period.renewed": "续期",
    "funeral.waiver_item.added": "新增减免项目",
    "funeral.waiver_item.ended": "终止减免项目",
    "marriage.booking.cancelled": "取消预约",
    "marriage.booking.created": "预约",
    "marriage.certificate.replaced": "补领",
    "marriage.divorce.applied": "受理离婚申请",
    "marriage.divorce.lapsed": "逾期视为撤回",
    "marriage.divorce.registered": "登记离婚",
    "marriage.divorce.withdrawn": "撤回离婚申请",
    "marriage.event.created": "登记",
    "marriage.event.updated": "修改",
    "marriage.marriage.registered": "登记结婚",
    "marriage.slots.created": "开放预约时段",
    "marriage.wedding_base.created": "登记",
    "marriage.wedding_base.updated": "修改",
    "people.person.death_revoked": "撤销死亡登记",
}

# Keys of before/after that are not a model field, or whose field has no Chinese name.
FIELDS: dict[str, str] = {
    # The welfare lottery: a contract that ended for a new one, a sales import's months and replacements,
    # the demo's counts.
    "ended_contract": "终止的原合同",
    "months": "月份",
    "replaced": "替换",
    "sales_rows": "月度销量行数",
    # Home beds, caregivers' allowance and home adaptation.
    "plan": "服务计划",
    "devices_removed": "拆除设备",
    "lines": "申请明细",
    "changed": "变更",
    "stopped": "停发",
    "created_people": "新增人员",
    # Counts of imports, link runs and the demo build.
    "created": "新增",
    "updated": "更新",
    "unchanged": "无变化",
    "households_created": "新建家庭户",
    "memberships_created": "新增家庭成员",
    "good_rows": "正确行数",
    "bad_rows": "错误行数",
    "failed_batch": "失败批次",
    "batch": "批次",
    "rows": "行数",
    "count": "数量",
    "codes": "编码",
    "first_code": "首个编码",
    "last_code": "末个编码",
    "filename": "文件名",
    "file_size": "文件大小（字节）",
    "only_good": "只导入正确的行",
    "import_job": "导入任务",
    "linked": "新关联",
    "relinked": "重新关联",
    "first_id": "起始编号",
    "last_id": "结束编号",
    "addresses": "地址数",
    "total": "总数",
    "bad": "问题数",
    "score": "得分",
    "counts": "分类计数",
    "seed": "随机种子",
    "scale": "规模比例",
    "townships": "乡镇街道数",
    "villages": "村社区数",
    "persons": "人数",
    "households": "家庭户数",
    "memberships": "家庭成员数",
    "households_linked": "已关联地址的家庭户",
    "persons_linked": "已关联地址的人员",
    "planted_unlinked": "预置的未关联地址",
    "planted_unknown": "预置的无法识别地址",
    "enrollments": "救助待遇数",
    "applications": "救助申请数",
    "bank_accounts": "银行账户数",
    "dibao_enrollments": "低保待遇数",
    "tekun_enrollments": "特困待遇数",
    "dibian_enrollments": "低保边缘待遇数",
    "temporary_aid_enrollments": "临时救助人次",
    "payment_runs": "发放批次数",
    "payment_lines": "发放明细数",
    "seconds_enroll": "纳入用时（秒）",
    "seconds_pay": "发放用时（秒）",
    # The rehab demo's counts.
    "operators": "康复服务机构运营方数",
    "placements": "网络节点数",
    "patients": "在册患者数",
    "patients_served": "当年接受服务患者数",
    "services": "服务记录数",
    "certificates": "残疾人证数",
    "review_rounds": "复核批次数",
    "reviewed": "复核人次",
    "terminated": "终止",
    "seconds_registry": "登记用时（秒）",
    "seconds_reviews": "复核用时（秒）",
    "paid": "已发放金额",
    # Love cards: what crediting a payment run's subsidy did.
    "credited": "本次入卡笔数",
    "already_credited": "此前已入卡笔数",
    "no_card": "未开卡未入账笔数",
    "after_death": "死亡后月份未入账笔数",
    "posted": "本次记账笔数",
    "cards": "涉及卡数",
    # Meals in bulk: what a batch did.
    "card_amount": "爱心卡扣款金额",
    "already_posted": "此前已记账笔数",
    "refused_frozen": "卡已冻结未记账笔数",
    "refused_unknown": "卡不存在或不在辖区未记账笔数",
    "refused_insufficient": "余额不足未记账笔数",
    # Other keys services write.
    "previous_key_ids": "旧密钥标识",
    "batch_size": "每批行数",
    "head_name": "户主姓名",
    "role": "角色",
    "person": "人员",
    "move_in": "迁入申请",
    "name": "姓名",
    "reason": "原因",
    "comment": "意见",
    "doorplate": "门牌",
    "text": "内容",
    "kind": "类型",
    "installed_on": "安装日期",
    "file": "文件",
    "format": "格式",
    "active": "启用",
    "id": "编号",
    "added": "新增明细",
    "channel": "渠道",
    # Children: a profile's parents, the allowances a profile's end stopped, the daily aged-out job.
    "parents": "父母情况",
    "allowances_stopped": "停发基本生活费人数",
    "profiles": "儿童档案",
    "as_of": "截至日期",
    # Social organizations: the credit lists' run, the overdue corrections, a venture review.
    "late_report": "逾期年报列入",
    "uncontactable": "无法联系列入",
    "to_serious": "移入严重违法失信名单",
    "serious_removed": "期满移出严重违法失信名单",
    "status_changed": "状态变更",
    "application": "申报项目",
    # Personal data: what an access-log row names as the field revealed.
    "id_number": "身份证号",
    "phone": "手机号",
    "bank_account": "银行账号",
    # Marriage and funeral.
    "items": "事项",
    "not_applicable": "改为不适用",
    "family_pays": "家属自付（元）",
    "rewaived": "重新计算减免",
    "ended": "已终止",
    "first_day": "首日",
    "times": "时段",
    "named_participants": "具名参加人",
    "certificate": "证件编号",
}

# Keys whose values are region codes, shown by the region's name.
REGION_KEYS = frozenset({"region", "region_code"})
APP_ORDER = ["people", "benefits", "assistance", "places", "facilities", "core", "demo"]
EMPTY = "—"
LIST_SHOWN = 5
HAN = re.compile(r"[\u4e00-\u9fff]")


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def action_label(action: str) -> str:
    """people.household.member_added reads 家庭户 · 添加成员; a code missing from the registry
    reads as itself rather than failing the page."""
    prefix = action.rpartition(".")[0]
    if action in ACTIONS and prefix in OBJECTS:
        return f"{OBJECTS[prefix]} · {ACTIONS[action]}"
    return action


# The pick lists and the labels of keys come from the registries above and the models: code,
# fixed while the process runs. Each is worked out once, not per page (the audit page asked the
# model registry about every key of every diff it showed), and handed out read-only.


@cache
def action_choices() -> tuple[tuple[str, Any], ...]:
    """The pick list of the action filter: per object, the whole object, then each action; the
    registry of people first, as auditors mostly look for those."""
    groups: dict[str, list[tuple[str, str]]] = {}
    def app_rank(item: tuple[str, str]) -> int:
        app = item[0].split(".")[0]
        return APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER)

    for code, verb in sorted(ACTIONS.items(), key=app_rank):
        prefix = code.rpartition(".")[0]
        groups.setdefault(prefix, [(prefix, f"{OBJECTS[prefix]}（全部操作）")]).append((code, f"{OBJECTS[prefix]} · {verb}"))
    return tuple((OBJECTS[prefix], tuple(options)) for prefix, options in groups.items())


@lru_cache(maxsize=1024)
def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


@cache
def object_type_choices() -> tuple[tuple[str, Any], ...]:
    """The pick list of the object-type filter: the platform's models by their Chinese names,
    grouped by app. The logs themselves are never the object of an entry."""
    groups = []
    for config in apps.get_app_configs():
        if not config.name.startswith("minzheng."):
            continue
        options = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in config.get_models()
                   if m._meta.label_lower not in {"core.auditentry", "core.accesslog"}]
        if options:
            groups.append((str(config.verbose_name), tuple(options)))
    return tuple(groups)


def _field(model: type[Model] | None, key: str) -> Field | None:
    """The field a snapshot key came from: on the object's own model, or else on another model
    of its app (a household entry carries a member's ``relationship``)."""
    if model is None:
        return None
    app_config = model._meta.app_config
    candidates = [model, *(m for m in (app_config.get_models() if app_config else []) if m is not model)]
    for candidate in candidates:
        for name in (key, f"{key}_masked"):
            try:
                field = candidate._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete:  # not a reverse relation, which has no verbose name
                return field  # type: ignore[return-value]
    return None


def field_label(key: str, model: type[Model] | None = None) -> str:
    """What a key of before/after is called: the model field's own Chinese name, else the
    registry, else (a foreign key declared without a name) the name of the model it points to."""
    field = _field(model, key)
    if field is not None and HAN.search(str(field.verbose_name)):
        return str(field.verbose_name)
    if key in FIELDS:
        return FIELDS[key]
    related = field.related_model if field is not None else None
    if isinstance(related, type):
        return str(related._meta.verbose_name)
    return key


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    had_before: bool  # False when the value was set from nothing (a creation)


def _show(value: Any, choices: Mapping[str, str]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        shown = "、".join(_show(v, choices) for v in value[:LIST_SHOWN])
        return f"{shown} 等 {len(value)} 项" if len(value) > LIST_SHOWN else shown
    return choices.get(str(value), str(value))


def _pair(value: Any) -> tuple[Any, Any]:
    return tuple([*value, None, None][:2]) if isinstance(value, list) else (None, value)  # type: ignore[return-value]


def region_codes(diffs: Iterable[dict[str, Any] | None]) -> set[str]:
    """The region codes that the ``REGION_KEYS`` of these diffs hold, to be named."""
    return {str(value) for diff in diffs for key, pair in (diff or {}).items() if key in REGION_KEYS
            for value in _pair(pair) if value}


# Bounded all the same: the object types and keys are read from log rows.
@lru_cache(maxsize=8192)
def _key_words(object_type: str, key: str) -> tuple[str, Mapping[str, str]]:
    """What a key of an object type's diff is called, and the names of its values (the field's
    choices, by their stored value)."""
    model = _model(object_type)
    field = _field(model, key)
    choices = {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}
    return field_label(key, model), MappingProxyType(choices)


def changes(*, object_type: str, diff: dict[str, Any] | None,
            regions: Mapping[str, str] | None = None) -> list[Change]:
    """An entry's diff as rows a person can read: field names and choice values in Chinese, and
    region codes by the names in ``regions``."""
    rows = []
    for key, pair in (diff or {}).items():
        before, after = _pair(pair)
        label, choices = _key_words(object_type, key)
        if key in REGION_KEYS:
            choices = {**choices, **(regions or {})}
        rows.append(Change(label=label, before=_show(before, choices),
                           after=_show(after, choices), had_before=before not in (None, "")))
    return rows
