"""Word lists for :mod:`govstudy.extract` (data, not logic).

Every list here is plain data: the extractor looks entries up in sets and
dicts, so extending coverage means adding a word to a table, not a branch
to the code. Keep entries short and add a test sentence for each new kind
of entry in ``tests/test_extract.py``.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Numerals
# --------------------------------------------------------------------------
CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_SMALL_PLACES: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG_PLACES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
# Characters the scanner treats as (part of) a numeral.  数 and 几 only make
# an indefinite numeral (数十, 几百, 十几); 半 is one half.
NUMERAL_CHARS = "0123456789〇零一二两三四五六七八九十百千万亿几半数"

# --------------------------------------------------------------------------
# Qualifiers.  Every value must be a key of govstudy.intervals.QUALIFIERS
# (tests check this); the key is what the `qualifier` column reports.
# --------------------------------------------------------------------------
PREFIX_QUALIFIERS: dict[str, str] = {
    **{q: q
    for q in (
        "超", "超过", "超出", "逾", "多于", "高于",
        "近", "将近", "接近",
        "约", "大约", "约为",
        "不足", "不到", "少于", "低于",
        "达", "达到", "高达", "多达", "长达", "累计", "共", "共计", "一共", "总共", "总计",
        "攀升至",
        "不少于", "不低于", "至少",
        "不超过", "不高于", "最多", "至多",
    )},
    # a qualifier before a share, with 占 ("accounts for") in between: 约占三分之一
    "约占": "约", "大约占": "约", "超过占": "超过", "将近占": "将近", "接近占": "接近",
}
PREFIX_MAX_LEN = max(len(q) for q in PREFIX_QUALIFIERS)

# A qualifier character that is the end of an ordinary word is not a
# qualifier: 附近3个小区 ("nearby"), 节约3万元 ("saving").  Checked as
# text[qualifier_end - len(w) : qualifier_end] == w.
PREFIX_FALSE_WORDS: frozenset[str] = frozenset(
    {
        "附近", "最近", "临近", "靠近", "就近", "邻近", "贴近", "亲近", "走近", "拉近", "相近",
        "节约", "预约", "签约", "公约", "合约", "制约", "特约", "邀约", "履约", "违约", "相约", "集约",
        "到达", "抵达", "下达", "传达", "表达", "发达", "送达", "直达", "通达", "转达", "畅达",
        "公共",
        "赶超", "高超",
    }
)

# 上千 / 上万 …: 上 directly followed by a bare place numeral.
SHANG_QUALIFIERS: dict[str, str] = {
    "百": "上百", "千": "上千", "万": "上万", "亿": "上亿", "百万": "上百万", "千万": "上千万",
}

# Suffix qualifiers directly after the number (before 万/亿 or the unit).
MORE_SUFFIXES = ("余", "多")
# A 余/多 that starts one of these words is not the qualifier (余 as a
# surname, 多 as "multi-").
MORE_FALSE_WORDS: frozenset[str] = frozenset(
    {
        "余姓", "余某", "余女士", "余先生", "余大爷", "余阿姨", "余书记", "余主任", "余老师", "余师傅",
        "多元", "多样", "多方", "多功能", "多媒体", "多层次", "多彩", "多措", "多维", "多渠道", "多部门",
    }
)
# Suffix qualifiers after the unit.
POST_QUALIFIERS: tuple[str, ...] = ("以上", "以下", "左右", "上下")
# ... unless they begin another word: 1000人上下班 is "1000 people commute".
POST_FALSE_WORDS: frozenset[str] = frozenset(
    {"上下班", "上下楼", "上下学", "上下游", "上下级", "上下车", "上下联动", "左右两侧", "左右两边", "以下简称"}
)

# 近 + a duration is "in the recent N years" (a period, exact), not "nearly N",
# when one of RECENT_TAILS follows (近五年来, 近两年里) or the phrase opens a
# clause (近两年，…): after one of CLAUSE_OPENERS or at the start of the text.
# Otherwise (历时近两年) it stays "nearly".
RECENT_PREFIXES: frozenset[str] = frozenset({"近"})
RECENT_TAILS: tuple[str, ...] = ("以来", "来", "里", "间", "中")
CLAUSE_OPENERS = frozenset("，,。；;：:！!？?、\n（(“\"‘'「『")

# Slash fractions (2/3, 1/4) are shares only when proper and with a
# denominator up to this; 5/12 or 24/7 may be a date or a schedule.
SLASH_MAX_DENOMINATOR = 10

# Range separators between two numbers, and the QUALIFIERS key they map to.
RANGE_SEPARATORS: dict[str, str] = {"至": "至", "到": "至", "-": "-", "~": "-", "—": "-", "–": "-", "－": "-"}

# Words before a percentage that make it a *change* (can exceed 100 %):
# 提升超40% is (40, inf), while a share 超40% is (40, 100].
CHANGE_WORDS: frozenset[str] = frozenset(
    {
        "提升", "提高", "增长", "增加", "上升", "上涨", "下降", "降低", "减少", "下滑", "增幅",
        "降幅", "涨幅", "同比", "环比", "增速", "增", "减", "涨", "降", "缩短", "压缩", "翻",
    }
)
CHANGE_MAX_LEN = max(len(w) for w in CHANGE_WORDS)

# --------------------------------------------------------------------------
# Units (measure words).  value = kind of the unit (点 and 分 are decided by
# context: 15点 sites vs 下午3点, 98分 vs 8时30分):
#   "q" quantity, "year", "month", "day", "hao" (号), "clock" (点),
#   "hour_point" (时), "minute" (分), "duration", "ordinal".
# Longest match wins, so 人次 beats 人 and 个月 beats 个.
# --------------------------------------------------------------------------
_Q_UNITS = (
    "个", "名", "位", "人", "人次", "户", "家", "项", "件", "次", "场", "场次", "处", "座", "栋", "幢",
    "间", "套", "条", "支", "只", "张", "台", "辆", "部", "所", "种", "类", "批", "组", "队", "份",
    "本", "册", "篇", "块", "株", "棵", "盏", "把", "架", "艘", "门", "节", "堂", "轮", "届", "期",
    "层", "站", "床", "口", "对", "起", "宗", "桩", "例", "批次", "人天",
    "岁", "周岁", "倍", "票", "单", "笔", "元", "块钱", "美元", "角", "吨", "千克", "公斤", "斤",
    "克", "升", "度", "千瓦", "千瓦时", "米", "千米", "公里", "平方米", "平米", "平方公里", "亩",
    "公顷", "立方米",
)
UNITS: dict[str, str] = {u: "q" for u in _Q_UNITS}
UNITS.update(
    {
        "年": "year", "月": "month", "日": "day", "号": "hao", "时": "hour_point",
        "个月": "duration", "天": "duration", "周": "duration", "星期": "duration",
        "个星期": "duration", "小时": "duration", "个小时": "duration", "钟头": "duration",
        "个钟头": "duration", "分钟": "duration", "秒": "duration", "秒钟": "duration",
        "年级": "ordinal", "楼": "ordinal", "号楼": "ordinal", "号院": "ordinal",
        "单元": "ordinal", "环": "ordinal", "号线": "ordinal", "级": "ordinal",
        # durations with a measure word: 一个周末, 两个晚上, 三个工作日
        "个周末": "duration", "个晚上": "duration", "个上午": "duration", "个下午": "duration",
        "个白天": "duration", "个夜晚": "duration", "个工作日": "duration", "个季度": "duration",
        "个学期": "duration", "个年头": "duration",
        "年代": "year", "周年": "duration", "点": "clock", "分": "minute",
        "个百分点": "q", "百分点": "q",
    }
)

# Tiers of an organisation (三级网格, 四级联动, 三层架构) are structure, not
# quantities: N级 or N层 followed by one of TIER_NOUNS gets kind "structure"
# (returned only with include=("structure",)), as in the shipped dataset's
# non_quantities.csv (reason `structure`). N级 otherwise stays an ordinal or
# grade (三级医院, 二级响应) and N层 a count (3层楼).
TIER_UNITS = frozenset({"级", "层"})
TIER_NOUNS: tuple[str, ...] = (
    "网格", "联动", "架构", "体系", "网络", "管理", "治理", "组织", "平台", "书记", "联席",
    "党群", "服务", "阵地", "协商", "议事", "调解", "工作", "联系", "责任", "监督", "指挥",
    "机构", "队伍", "结构", "党组织", "中心", "共治", "联盟", "矩阵",
)

# Units that carry a qualifier inside them (3个多月 = more than 3 months).
UNITS_WITH_QUALIFIER: dict[str, tuple[str, str, str]] = {
    # written: (unit, kind, qualifier)
    "个多月": ("个月", "duration", "多"),
    "个多小时": ("个小时", "duration", "多"),
    "年多": ("年", "duration", "多"),
    "天多": ("天", "duration", "多"),
    "个多星期": ("个星期", "duration", "多"),
}

# Units with 半 inside (1个半小时 = 1.5 hours): value + 0.5.
UNITS_WITH_HALF: dict[str, tuple[str, str]] = {
    "个半小时": ("个小时", "duration"),
    "个半月": ("个月", "duration"),
    "年半": ("年", "duration"),
    "天半": ("天", "duration"),
    "个半": ("个", "q"),
}

# Unit written forms reported under a normalised name.
# (Percentages written %, ‰, 百分之, 成 or N分之M are all reported as "percent".)
UNIT_NAMES: dict[str, str] = {"个百分点": "percentage_point", "百分点": "percentage_point"}

# A unit character that begins an ordinary noun is not a unit: 5万人口 is
# "a population of 50 000", so the quantity is 5万 and the noun is counted.
UNIT_FALSE_WORDS: frozenset[str] = frozenset(
    {
        "人口", "人员", "人群", "人民", "人才", "人士", "人数", "人大", "人家", "人工", "人文", "人居",
        "人物", "人们", "人气", "人心", "人性", "人身", "人社", "人事", "人均", "人力", "人间",
        "名片", "名单", "名称", "名义", "名字", "名额", "名牌", "名誉",
        "个体", "个性", "个案", "个别",
        "项目", "家庭", "家园", "家门", "家长", "家属", "家政", "家居", "家风", "家乡", "家具", "家务",
        "户外", "户籍", "户口", "次数", "次要", "场所", "场景", "场地", "场馆", "处理", "处置", "处于",
        "处室", "条件", "条例", "条款", "位置", "位于", "支部", "支持", "支出", "支撑", "元素", "元旦",
        "元宵", "点赞", "点亮", "点滴", "点位", "所有", "所以", "所在", "所属", "台账", "台阶", "部门",
        "部分", "部署", "种类", "种植", "类型", "批准", "组织", "组建", "组成", "组长", "队伍", "队员",
        "队长", "份额", "本地", "本身", "层次", "层面", "层级", "座谈", "套餐", "张贴", "度假", "度过",
        "级别", "期间", "期待", "期望", "届时", "轮流", "间距", "门口", "门槛", "节日", "节点", "节约",
        "堂课", "口号", "口袋", "对象", "对接", "起来", "起步", "例如", "单位", "笔记",
        "米粮", "方面", "周边", "周末", "天然", "天气", "天府", "月亮", "日常", "日益",
        "号召", "时代", "时间", "时期", "时候", "时刻", "年轻", "年龄",
        "分享", "分类", "分别", "分配", "分析", "分工", "分布", "站点", "站长", "岁月", "倍增",
        "票据", "单独", "块状", "吨位", "克服", "升级", "度量", "楼栋", "楼宇", "环境", "环保", "环节",
    }
)

# --------------------------------------------------------------------------
# Words and names that contain numeral characters but state no quantity.
# The scanner looks a numeral run up here and rejects it when the text
# around the run spells one of these words.
# --------------------------------------------------------------------------
NON_QUANTITY_WORDS: frozenset[str] = frozenset(
    {
        # place and proper names
        "四川", "万年场", "万象城", "五根松", "万达", "万科", "三圣乡", "九眼桥", "一环", "二环", "三环",
        "四环", "五环", "十陵", "三国", "万家",
        # governance slogans and method names
        "一核三圈", "四微", "六微", "一老一小", "一站式", "一网通办", "一网统管", "一件事", "一张网",
        "一盘棋", "一张图", "一把手", "一条龙", "一体化", "两委", "两新", "两代表一委员", "三会",
        "四季", "四方", "四大", "一站一", "一街一", "一社一", "一院一", "一户一", "一人一",
        # ordinary words
        "统一", "一般", "一线", "一起", "一些", "一直", "一定", "一样", "一方面", "一系列", "一体",
        "唯一", "同一", "一致", "一切", "一旦", "进一步", "一道", "一同", "之一", "一心", "一手",
        "一味", "一向", "一律", "一度", "一时", "一点", "一点点", "一点一滴", "一下", "一番", "一边",
        "一面", "一流", "一再", "一齐", "一贯", "一举", "一并", "一揽子", "一如既往", "一视同仁",
        "一成不变", "一一", "一共", "万一", "十分", "万分", "百分百", "千万", "千方百计",
        "成千上万", "千千万万", "千家万户", "万众一心", "数以万计", "数以千计", "百姓", "老百姓",
        "百花", "百年", "百家", "三农", "两岸", "两会", "两者", "两极", "两手", "两难", "两全",
        "两点一线", "十足", "九州", "千里", "万里", "万物", "万事", "几乎", "几何", "无几", "几率",
        "几经", "几度", "零距离", "零星", "零售", "零散", "零件", "零钱", "零碎", "零容忍", "半岛",
        "半导体", "半边天", "多半", "七嘴八舌", "五湖四海", "三五成群", "四面八方",
        "十全十美", "一五一十", "数字", "数据", "数量", "数目", "无数", "多数", "少数", "人数", "分数",
        "二手", "三角", "一次性", "第一时间", "一年四季", "三长两短", "一己", "一带", "一路",
        "一行", "一家人", "一阵", "一刀切", "万全", "万能", "一应俱全",
        # idioms whose numeral is followed by a measure-word character
        "三番五次", "万人空巷", "千人一面", "百人团", "千人计划", "千篇一律", "一针一线", "一草一木",
        "一家一户", "一人一档", "一户一档", "一事一议", "一对一", "三天两头", "万家灯火",
    }
)
# Half written as a word: a share of 50 % (超过一半, 半数以上, 下降了一半); 过半
# carries its qualifier (more than half). Not when a measure word follows
# (一半天, 过半年) or a numeral comes before (十一半).
# (Tried in this order: 过半数 before 半数 and 过半.)
HALF_SHARES: dict[str, str] = {"过半数": "过", "过半": "过", "一半": "", "半数": ""}
# Blocked words (above) that are numbers when a measure word follows:
# 千万 is "by all means" in 千万不要, but 10^7 in (上)千万元.
NUMBERS_BEFORE_A_UNIT: frozenset[str] = frozenset({"千万"})
# A number right after one of these is the base of a rate (每万人拥有5名 …,
# 每3个月): not a stated quantity.
PER_PREFIXES: tuple[str, ...] = ("每",)
# Numbers directly followed by one of these are part of a name:
# 15分钟幸福生活圈, 12345热线.
NAME_SUFFIXES: tuple[str, ...] = (
    "分钟幸福生活圈", "分钟生活圈", "分钟便民生活圈", "分钟社区生活圈", "分钟服务圈", "工作法",
    "热线", "号线", "路公交", "路车", "次列车",
)
# Numerals in a parenthesis right after these words spell out the name
# (“1161”工作法(建强1个…、健全1套…)): they are part of the name.
NAME_EXPLAINED_BY_PARENS: tuple[str, ...] = ("工作法",)
# A figure right after an opening quote whose quote closes within this many
# characters is a slogan or a name (“两个确立”, “三个务必”, “1161”).
SLOGAN_MAX_TAIL = 6
OPEN_QUOTES = frozenset("“\"「『‘'《")
CLOSE_QUOTES = frozenset("”\"」』’'》")

# Context words that make X点 a clock time (凌晨三四点) and words before a
# numeral that make it an ordinal or a date.
CLOCK_CONTEXT: frozenset[str] = frozenset(
    {
        "凌晨", "早上", "上午", "中午", "下午", "晚上", "傍晚", "夜里", "深夜", "夜间", "早晨", "清晨",
        "每天", "每日", "当天", "次日", "早", "晚", "午", "至", "到",
    }
)
# X点 followed by one of these is a clock time too (3点钟, 9点到11点).
CLOCK_FOLLOW: tuple[str, ...] = ("钟", "半", "至", "到", "前", "以前", "之前", "后", "以后", "之后", "整")
CLOCK_CONTEXT_MAX_LEN = max(len(w) for w in CLOCK_CONTEXT)
ORDINAL_PREFIXES: tuple[str, ...] = ("第",)
WEEKDAY_PREFIXES: tuple[str, ...] = ("周", "星期", "礼拜")

# --------------------------------------------------------------------------
# Counted noun: the best-effort search stops at these characters.
# --------------------------------------------------------------------------
# (Not 就 里 共 为 对 时 于 使 中, which begin or end words a counted noun
# may hold: 就业岗位, 邻里纠纷, 公共空间, 认为, 服务对象, 办理时长, 用于, 使用,
# 邻里中心; 为 and 中 are adverbs in COUNTED_ADVERBS instead.)
COUNTED_STOP = frozenset(
    "，,。.；;：:！!？?、（）()“”\"‘’'《》「」【】[] \t\r\n\u3000的和及或等在是把被向了也"
    "并且而但还又再由让给达超近约有到"
    "0123456789〇零一二两三四五六七八九十百千万亿-~—"
    # invisible format characters: a byte-order mark, zero-width spaces and joiners
    "\ufeff\u200b\u200c\u200d\u2060"
)
# Head nouns that end a counted phrase (微网格 in 118个微网格划分出…).
COUNTED_HEADS: tuple[str, ...] = (
    "网格员", "网格", "停车位", "车位", "人口", "居民", "党员", "群众", "老人", "儿童", "青年",
    "志愿者", "项目", "议题", "问题", "活动", "小区", "社区", "院落", "楼栋", "单位", "企业",
    "商户", "合伙人", "队伍", "组织", "家庭", "户籍", "资金", "经费", "面积", "乐园", "健身角",
    "机制", "平台", "阵地", "站点", "驿站", "矛盾", "纠纷", "隐患", "设施", "座椅", "服务",
    "群体", "人员", "员工", "职工", "学生", "人才", "专家", "代表", "骨干", "楼道", "电梯",
    "服务队", "志愿队", "中心", "公益金", "基金", "补贴", "奖补资金",
)
COUNTED_MAX_LEN = 8  # a noun phrase after the figure (3个党群服务驿站): at most this long
COUNTED_BACK_MAX_LEN = 16  # the clause read before the figure (松林村建成议事亭2处)

# What is counted is a noun phrase without the verbs, qualifiers, time phrases
# and place names around it (the convention: data/README.md, "What is
# counted"). The extractor reads the clause before a figure as words of the
# lists below (longest match, left to right; other characters are part of
# the noun) and keeps what follows the last verb, adverb or time word:
# 松林村建成议事亭2处 -> 议事亭, 近五年来累计投入资金800万元 -> 资金.
# After a figure, a verb ends the noun (3个小区成立了… -> 小区); a figure
# followed directly by a verb (投入资金300万元改造…) counts the noun before it.
COUNTED_VERBS: frozenset[str] = frozenset(
    {
        "新增", "新建", "增设", "建成", "建设", "建立", "设立", "设置", "设有", "召开", "举办", "举行", "组织",
        "开展", "组建", "成立", "培育", "孵化", "引进", "引入", "开发", "开设", "开通", "推出", "打造", "收集",
        "征集", "收到", "受理", "办理", "办结", "化解", "调解", "排查", "整改", "整治", "解决", "投入", "筹集",
        "募集", "拨付", "发放", "提供", "安装", "加装", "改造", "修缮", "完成", "动员", "发动", "招募", "吸引",
        "带动", "覆盖", "惠及", "涉及", "接待", "认领", "流转", "划分", "拥有", "共有", "配备", "配置", "落实",
        "实施", "参与", "参加", "清理", "接收", "回收", "兑换", "铺设", "登记", "采集", "签约", "签订", "制定",
        "出台", "评选", "表彰", "培养", "发展", "吸纳", "招聘", "聘请", "下沉", "报到", "表示", "认为", "实现",
        "加入", "报名", "达成", "形成", "联系", "对接", "选派", "派驻", "入驻", "筹措", "用于", "使用", "出资", "义诊",
        "增至", "减至", "布设", "布置", "下拨", "劝导", "邀请", "安排", "购置", "购买", "添置", "更新",
        "建起", "组成", "资助", "争取", "获得", "收治", "开放", "维修", "更换", "种植",
        "栽种", "新设", "增加", "新添", "增添", "配送", "派发", "发出", "集聚", "梳理", "审议", "推选", "拿出", "节约",
    }
)
# Verbs that are also nouns (志愿服务活动, 各类培训, 入户走访): a verb only when
# one of COUNTED_PEOPLE follows (服务群众5000人次, 培训居民1200人次).
COUNTED_VERBS_BEFORE_PEOPLE: frozenset[str] = frozenset({"服务", "培训", "走访", "慰问", "帮扶", "救助", "帮助"})
COUNTED_PEOPLE: tuple[str, ...] = (
    "群众", "居民", "村民", "老人", "老年人", "党员", "志愿者", "儿童", "青少年", "青年", "学生", "家庭", "商户",
    "企业", "职工", "人员", "服务对象", "困难", "独居", "残疾人", "妇女", "群体", "游客", "业主", "住户", "农户",
)
# Adverbs, qualifiers and time words before the noun (and between the noun
# and the figure); the prefix qualifiers (共, 累计, 约 …) count too.
COUNTED_ADVERBS: frozenset[str] = frozenset(
    {
        "为", "中", "已", "已经", "又", "再", "全部", "分别", "先后", "陆续", "带头", "合计", "首批", "日均", "月均", "年均",
        "今年", "全年", "去年", "当年", "当天", "当日", "目前", "其中", "此外", "同时", "同期", "年来", "以来",
        "截至", "截止", "月底", "年底", "年初", "每年", "每月", "每周", "每天", "每日", "每晚", "本月",
        "每次", "每场", "将", "仅", "只", "均", "都", "共计", "总计", "预计", "计划",
        "后", "以后", "之后", "前", "之前", "以前", "以上", "以下", "以内", "内", "期间",
        "多方", "免费",
    }
)
# Place words that only say where: dropped before a noun when no verb does
# it (社区流动人口约占… -> 流动人口, 云台社区辖区面积 -> 面积, 小区绿化率 ->
# 绿化率), kept after a verb (改造老旧小区12个 -> 老旧小区).
COUNTED_PLACES: frozenset[str] = frozenset(
    {"社区", "小区", "街道", "辖区", "片区", "全村", "全镇", "全区", "全市", "全街道", "全社区", "本社区", "该社区", "村里"}
)
# Nouns that contain one of the words above and are kept whole.
COUNTED_NOUNS: frozenset[str] = frozenset(
    {"社区工作者", "社会组织", "党组织", "平均", "人均", "志愿服务", "中心", "集中", "总投资", "总投入", "改造项目", "建设项目", "改造工程", "建设工程", "中学", "中小学", "中老年", "中青年", "中医"}
)
# Words between the noun and the figure, skipped before the noun is read
# (with CHANGE_WORDS, the prefix qualifiers and the verbs that are not head
# nouns): 老年人约占三成, 女性占比达到52%, 充电车棚已建成9处, 面积扩大了1.5倍,
# 为居民义诊200余人次; 街道出资120万元 names nothing.
COUNTED_LINKS: frozenset[str] = frozenset(
    {"占", "占比", "占到", "比例", "比例为", "了", "已", "已经", "为", "分别", "同比", "环比", "较上年", "较去年", "较去年同期", "较上年同期", "占地", "仅", "只", "将", "均", "都", "共计", "总计", "年均", "月均", "日均", "比上年", "比去年", "同比增长", "同比提高",
     "扩大", "缩小", "建成", "完成", "有", "由", "从", "到", "至", "可", "可以"}
)
# A noun ending in one of these is a rate or a measure (调解成功率, 整改完成率,
# 居民满意度, 办理时长): a verb inside it is part of the name, not where the
# noun begins.
COUNTED_RATE_ENDS: tuple[str, ...] = ("率", "度", "时长", "时间")
# A figure inside "X占Y的Z" is a share of X (流动人口约占常住人口的15% ->
# 流动人口), and the second figure of "X由A提高到B" is one of X too (绿化率由25%
# 提高到40%): how far back the extractor looks for 占 or 由.
COUNTED_LOOKBACK = 12
# Money whose own noun is not named is counted by what it pays for (convention
# 5): 投入80万元用于更新楼道照明设施 -> 楼道照明设施; these words (and a verb)
# lead from the figure to that noun.
COUNTED_PURPOSE: tuple[str, ...] = ("专项用于", "全部用于", "用于", "用来")
# A change with no noun of its own (…1200个，较去年同期增长15%) is a change of what
# the figure before it in the sentence counts, when its clause opens with one of these.
COUNTED_COMPARE: tuple[str, ...] = ("较去年同期", "较上年同期", "较去年", "较上年", "比去年", "比上年", "同比", "环比", "较")
# ... unless the noun before the figure is the money's own (投入资金80万元用于… -> 资金).
COUNTED_MONEY_NOUNS: tuple[str, ...] = ("资金", "经费", "补贴", "奖金", "基金", "款", "费", "总投资", "预算", "收入", "奖补")
# A share whose group is named in the clause before (参与调查的居民中，超过四成…):
# the clause ends in one of these.
COUNTED_GROUP_ENDS: tuple[str, ...] = ("中", "当中", "之中")
