"""The demo's words: names of people, clubs and companies, products and prices, and what a
contact's outcome and summary say. The draws that pick them take the generator's random
number generator, so the same seed picks the same words.
"""
from __future__ import annotations

from decimal import Decimal
from random import Random

CLUB_NAMES = ("静安", "徐汇", "浦东", "长宁", "黄浦", "虹口", "杨浦", "普陀", "闵行", "宝山", "嘉定", "松江", "青浦",
              "奉贤", "金山", "朝阳", "海淀", "东城", "西城", "天河", "越秀", "福田", "南山", "西湖", "鼓楼")
NUMERALS = "一二三四五六七八九十"

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
            "谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "慕容")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建文辉力健广志义兴良海山波宁福龙元胜学祥才武新利清飞彬富顺信子"
         "昌成康星光达安岩中茂进林坚和博诚震振会思群豪心邦乐绍松善厚庆民友裕河哲江浩亮政谦奇翰朗宏言鸣朋斌栋维启克伦翔旭鹏泽"
         "晨辰士家致树德行泰盛雄琛钧冠策腾楠风航弘秀英慧巧美淑惠珠翠雅芝玉萍红玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱香月媛瑞凡佳"
         "嘉琼勤珍莉桂叶璐琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉君琴蕊薇菁梦岚婕馨韵园艺卿聪澜纯悦昭冰爽茗羽希欣育"
         "筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒思")
INTENTS = ("减脂", "增肌", "塑形", "康复训练", "游泳", "瑜伽", "团课", "私教", "产后恢复", "体能提升", "改善体态")
COMPANY_HEADS = ("华东", "申城", "浦江", "东方", "金桥", "星辰", "远景", "博创", "恒信", "中联", "新元", "睿智", "启航", "嘉禾",
                 "万象", "鼎盛", "汇通", "联创", "瑞丰", "宏图", "天成", "明德", "海纳", "云帆")
INDUSTRIES = (("科技", "互联网"), ("信息技术", "互联网"), ("贸易", "零售"), ("金融服务", "金融"), ("制造", "制造业"),
              ("教育科技", "教育"), ("医疗器械", "医疗"), ("物流", "物流"), ("文化传媒", "传媒"), ("置业", "房地产"),
              ("电子商务", "零售"), ("咨询", "专业服务"))
SIZES = ("20-50", "50-200", "200-500", "500-1000", "1000+")

# (product, list price, margin)
CARDS = (("月卡", 699, 0.75), ("季卡", 1999, 0.72), ("半年卡", 3599, 0.7), ("年卡", 5999, 0.68), ("两年卡", 9999, 0.66),
         ("私教课10节", 3000, 0.55), ("私教课30节", 8400, 0.52))
CARD_WEIGHTS = {"normal": (10, 20, 16, 30, 8, 9, 7), "star": (3, 8, 10, 32, 20, 10, 17), "low": (30, 30, 14, 16, 3, 5, 2),
                "tele": (30, 30, 15, 18, 2, 4, 1)}
DISCOUNTS = (Decimal("0.95"), Decimal("0.9"), Decimal("0.88"), Decimal("0.85"))
RENEWALS = (("年卡续费", 5999, "0.9"), ("季卡续费", 1999, "0.95"), ("月卡续费", 699, "1"), ("两年卡续费", 9999, "0.88"))
UPGRADES = (("季卡升级年卡", 4000), ("年卡升级两年卡", 4500), ("月卡升级季卡", 1300))
PRODUCTS = (("私教课10节", 3000), ("私教课20节", 5600), ("私教课30节", 8400), ("营养补剂套装", 699), ("体测及训练计划", 399))

TOUR_OUT = ("参观器械区和团课教室，兴趣较大", "对私教课感兴趣", "嫌价格偏高，回去考虑", "带朋友一起参观", "对泳池很满意",
            "关心营业时间和停车", "想先体验一次团课")
CALL_OUT = ("电话沟通，约周末到店", "未接通，稍后再打", "客户表示再考虑", "已发送价格表", "客户出差，下周再联系", "对活动价感兴趣",
            "询问私教价格")
MSG_OUT = ("微信发送课程表", "发送活动海报", "客户回复会来参观", "发送会籍价格", "客户已读未回")
VISIT_OUT = ("到店面谈，倾向年卡", "面谈后带看团课", "面谈：比较了几家健身房", "当面讲解会籍权益")
OUTREACH_OUT = ("上门拜访人事部，介绍员工福利方案", "与行政经理面谈", "参加企业开放日，现场体测", "约负责人到会所参观")
NEED_OUT = ("确认需求：减脂加私教", "确认需求：年卡，早上锻炼", "确认需求：游泳和团课", "确认需求：产后恢复")
NEED_COMPANY = ("确认企业需求：员工健身福利", "确认企业需求：团建与年卡", "确认企业需求：高管私教")
QUOTE_OUT = ("报价：年卡活动价，首月赠私教 2 节", "发送报价单", "报价：私教课套餐", "报价：两年卡加赠储物柜")
QUOTE_COMPANY = ("发送企业团卡报价单", "报价：企业年卡按人数阶梯价")
RETURN_OUT = ("回访：训练正常，满意", "回访：建议增加团课时段", "回访：对教练满意", "回访：提醒续卡", "回访：体测有进步")
COMPLAINTS = ("投诉：淋浴间热水不足", "投诉：教练迟到", "投诉：储物柜损坏", "投诉：团课人数太多", "投诉：前台态度不好",
              "投诉：空调太冷")
LOSE_OUT = ("客户表示不考虑", "已在别家办卡", "预算不够，暂不办理", "搬家离开本区")
NEXT_ACTIONS = ("电话回访", "邀约到店体验", "发送报价", "确认签约时间", "微信跟进", "约体测")
SUMMARIES = {
    "tour": ("带客户参观场馆，介绍会籍种类和价格", "参观后做了体测，讲解训练计划", "介绍团课和私教，客户倾向年卡"),
    "call": ("电话跟进，了解客户时间安排", "电话介绍本月活动", "电话确认到店时间"),
    "message": ("微信发送资料并解答疑问", "微信跟进，发送课程安排"),
    "visit": ("面谈，讲解会籍权益和价格", "面谈，确认训练目标", "拜访客户，介绍合作方案"),
    "need-confirmed": ("与客户确认需求和预算", "确认训练目标、时间和预算"),
    "quote": ("按客户需求出具报价", "发送正式报价"),
    "return-visit": ("售后回访，了解训练情况", "回访，收集意见"),
    "complaint": ("记录投诉，转交相关部门处理", "安抚客户，约定处理时间"),
}


def club_name(i: int, clubs: int) -> str:
    """The i-th club of an organisation of `clubs` clubs: 星河会所 when it is the only one."""
    if clubs == 1:
        return "星河会所"
    return f"{CLUB_NAMES[i % len(CLUB_NAMES)]}{'' if i < len(CLUB_NAMES) else i // len(CLUB_NAMES) + 1}店"


def person_name(rng: Random, taken: set) -> str:
    """A staff name not in `taken` (which it joins)."""
    for _ in range(1000):
        sur = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = sur + given
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("ran out of names")


def customer_name(rng: Random) -> str:
    sur = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    return sur + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.65 else "")


def phone_number(rng: Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def customer(rng: Random, company: bool) -> dict:
    """A lead's who and what: name, phone, perhaps wechat, a company's details, the intent."""
    out = {"name": customer_name(rng), "phone": phone_number(rng)}
    if rng.random() < 0.4:
        out["wechat"] = "wx" + "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))
    if company:
        core, industry = rng.choice(INDUSTRIES)
        out["company"] = f"上海{rng.choice(COMPANY_HEADS)}{core}有限公司"
        out["industry"] = industry
        out["size"] = rng.choice(SIZES)
        out["email"] = f"hr{rng.randint(1, 99)}@{''.join(rng.choice('abcdefghkmnprstwxyz') for _ in range(6))}.com.cn"
        out["intent"] = rng.choice(("员工健身福利", "团建活动", "企业年卡", "高管私教"))
    else:
        out["intent"] = rng.choice(INTENTS)
    return out


# kind of contact -> (outcomes for a person, outcomes for a company)
OUTCOMES = {
    "tour": (TOUR_OUT, TOUR_OUT),
    "call": (CALL_OUT, CALL_OUT),
    "message": (MSG_OUT, MSG_OUT),
    "visit": (VISIT_OUT, OUTREACH_OUT),
    "need-confirmed": (NEED_OUT, NEED_COMPANY),
    "quote": (QUOTE_OUT, QUOTE_COMPANY),
    "return-visit": (RETURN_OUT, RETURN_OUT),
    "complaint": (COMPLAINTS, COMPLAINTS),
}


def contact_outcome(rng: Random, kind: str, company: bool) -> str:
    """What came of a contact of this kind (one draw)."""
    return rng.choice(OUTCOMES[kind][1 if company else 0])

# training sessions (K9) and improvement plans (K10)
TOPICS = {"inside": ("产品知识：会籍权益", "销售话术演练", "竞品分析", "客户接待礼仪", "异议处理"),
          "outside": ("地推技巧", "竞品分析", "活动券推广话术", "客户跟进节奏"),
          "telesales": ("电话销售技巧", "开场白与需求挖掘", "异议处理", "客户回访规范"),
          "outreach": ("企业客户开发", "福利方案讲解", "合作谈判技巧", "活动策划与执行")}
PLAN_TEXTS = ("每天有效沟通客户不少于30个，每周复盘一次通话录音", "重新梳理意向客户名单，每周约访5位到店体验",
              "跟组长学习开场白和异议处理，每天练习话术30分钟", "每周二、四与组长一起复盘未成交客户，调整跟进节奏")
INTERVIEW_NOTES = ("肯定本月的通话量，指出转化率偏低，约定下月目标", "肯定服务态度，建议加强需求挖掘",
                   "业绩达标，继续保持；建议多分享经验")
