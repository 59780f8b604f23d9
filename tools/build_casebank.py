"""Build the china_cases CSV files from the hand-coded tables below.

Every figure and mechanism below was read by hand in the opening part of a stored
public page (the search tool returns each page from its beginning, about 1,500
characters). Intervals are computed with govstudy.intervals (the package's one
implementation of the conventions), so they cannot drift from the validator.

Run:  PYTHONDONTWRITEBYTECODE=1 /work/main/.venv/bin/python tools/build_casebank.py
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

from govstudy.intervals import qualifier_interval

OUT = Path(__file__).resolve().parents[1] / "src" / "govstudy" / "data" / "china_cases"
OUT.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------- sources
# (source_id, title, outlet, authors, published, url, notes)
NOTE_HELD = ("Coded from the opening part of the page as stored by the search tool "
             "(about 1,500 characters); text not held in the repository.")
SOURCES = [
    ("mzsb_kunming_2025", "[no title in stored text] 昆明市积极探索实施“社区合伙人”治理模式 (opening words)",
     "民族时报 (云南网 mzsb.yunnan.cn)", "", "2025-09-02",
     "http://mzsb.yunnan.cn/content/202509/02/content_277552.html",
     "Date from the URL path. Outlet named from the domain (云南网, 民族时报 channel). "),
    ("huacheng_nansha_2025", "[no title in stored text] 南沙区“暖南发展合伙人”模式 (opening words)",
     "花城+ (广州市融媒体中心 huacheng.gz-cmc.com)", "", "2025-09-11",
     "https://huacheng.gz-cmc.com/pages/2025/09/11/27e8139f6c604a888a3506a8f341b078.html",
     "Date from the URL path. The stored opening ends before the partner arrangement at 逸涛社区 is described; "
     "chinanews_yitao_2024 names the partner. "),
    ("chinanews_yitao_2024", "广州市南沙区首个社区嵌入式托育园开园", "中新网广东 (中国新闻网)", "程景伟", "2024-10-31",
     "http://www.gd.chinanews.com.cn/2024/2024-10-31/437765.shtml",
     "Second source for 逸涛社区: names the 社区合伙人 (广州市法泽社区公益基金会) that runs the 稚乐园 with the community. "
     "No figures coded (0-3周岁 is an age band; 三种模式 a structure). "),
    ("zjol_shangyu_2025", "上虞创客与社区双向奔赴", "浙江在线-浙江日报", "朱银燕; 孙良", "2025-04-29",
     "https://zjnews.zjol.com.cn/zjnews/202504/t20250429_30967402.shtml?mode=m2pc",
     "Correspondents (通讯员) 陈黎超, 程柯荣 not listed as authors. "),
    ("xhby_yunxi", "社区来了“青年合伙人”", "新华日报 (新华报业网 xhby.net)", "", "",
     "https://www.xhby.net/content/s698fd0e6e4b0d38d54d207b5.html",
     "Subtitle: 以空间换资源方式引入主理人,为居民提供多元服务. Year not stated in the stored text (event dated 2月8日). "),
    ("scjj_shenghua_2026", "成都高新区石羊街道盛华社区解锁基层治理新密码", "四川经济网 (四川经济日报)", "", "2026-02-14",
     "https://www.scjjrb.com/2026/02/14/99457314.html",
     "The page marks the item 稿件来源:推广 (promotional / sponsored copy): weaker evidence than reporting. "),
    ("cnhubei_longhu_2025", "军山街龙湖社区“楼栋合伙人”赋能基层治理", "荆楚网 (湖北日报网)", "邓婷", "2025-11-28",
     "http://www.cnhubei.com/content/2025-11/28/content_19696601.html",
     "Author is a correspondent (通讯员). The 楼栋合伙人 are resident building stewards: an edge case of the partner family. "),
    ("huaxia_xihuayuan_2025", "一场温暖的双向奔赴 点亮邻里身边的“微幸福”", "华夏经纬网 (huaxia.com)", "", "2025-10-14",
     "https://gd.huaxia.com/c/2025/10/14/2080592.shtml", "Date from the URL path. "),
    ("hzgov_fenglai_2025", "[no title in stored text] 桐庐县凤川街道凤来社区“家门口·一条街” (opening words)",
     "杭州市人民政府门户网站 (hangzhou.gov.cn)", "", "2025-06-10",
     "https://www.hangzhou.gov.cn/art/2025/6/10/art_812265_59113825.html", "Date from the URL path. "),
    ("cri_beixing_2022", "沈阳市皇姑区北行社区:“红色花甲管家团”让邻里关系更亲近", "国际在线 (中央广电总台)", "王巍",
     "2022-12-21", "https://ln.cri.cn/2022-12-21/6dadd159-4a06-4d3a-8429-17f2876f7f8c.html", ""),
    ("cri_xinhu_2022", "沈阳市铁西区新湖社区:“大邻”和融“小邻”和睦", "国际在线 (中央广电总台)", "王巍",
     "2022-12-13", "https://ln.cri.cn/n/20221213/ebce5183-ffa5-9659-f719-409d205ea568.html",
     "The named method “9653” (9+6+5+3 service items) is treated as method structure, not as figures. "),
    ("hkcd_beishichang_2022", "搭建交流和分享平台唱響瀋陽的「鄰里情」", "香港商报 (香港商报网 hkcd.com)", "瀋殿成",
     "2022-01-27", "http://tp.hkcd.com/content_p/2022-01/27/content_129474.html",
     "Page in traditional characters (the outlet's own site, not a mirror). Its figures (12個社區, 151名, 400餘名) are "
     "not coded: 餘 is not in govstudy's qualifier table, and the other two count a jury and the communities taking part. "),
    ("crnews_chunshenjun_2021", "[no title in stored text] 四川各乡镇推行院坝会 (opening words)",
     "农村工作通讯 (中国农村网 crnews.net, 农民日报社)", "", "2021-08-20",
     "http://journal.crnews.net/ncgztxcs/2021/dslq/xcjs/936203_20210820085532.html",
     "Date from the URL. Author not in the stored text. "),
    ("zjsb_nanhai_2023", "从南海创熟 看基层治理三变", "珠江时报 (南海today nanhaitoday.com)", "", "2023-03-14",
     "https://nanhaitoday.com/nhxww/articles/2023/03/14/0e92d41ff66d4f27acbc57d877fdc009.html",
     "Subtitle: 南海全域深化创建熟人社区. Only a photo credit (陈肖玲) is named; text author not stated. "
     "District-wide figures are coded on the district unit 南海区 (no model). "),
    ("jiadingbao_2016", "十年睦邻:重建熟人社会", "嘉定报 (上海市嘉定区 jiading.gov.cn)", "", "2016-11-29",
     "http://jiadingbao.jiading.gov.cn/ztbda/content_343487", ""),
    ("scwm_linjuli_2021", "“邻”聚力让幸福生活零距离 | 文明创建每周报", "四川文明网 (中国文明网 四川)", "", "2021-05-21",
     "http://sc.wenming.cn/yw/bwzh/202105/t20210521_6057052.shtml",
     "A round-up of several places; 宜宾 西城社区丽都小区 is cut off in the stored text and not coded. "),
    ("dywz_tanggui_2024", "百姓议事厅:社区大小事商量着办", "党员文摘 2024年5期", "陈国栋", "2024-03-24",
     "https://fx361.com/page/2024/0324/23176619.shtml",
     "Read at mirror URL (fx361.com, a periodicals site); the page names journal, issue and author. Date is the mirror's. "
     "The 议事厅's precursor is the 社区院坝会, which is why the case is in the acquaintance family. "),
    ("mzyfz_guigan", "温州的社区微信“公益圈”", "民主与法制 (电子版 e.mzyfz.org.cn)", "", "",
     "http://e.mzyfz.org.cn/paper/381/paper_987_697.html", "Publication date not in the stored text. "),
    ("xhby_jianye_2022", "深读 | 南京市建邺区率先试点“微网格”——网格“瘦身”,效能提升", "新华报业网 (新华日报)", "",
     "2022-08-31", "https://www.xhby.net/nj/yw/202208/t20220831_7678811.shtml", ""),
    ("xinhua_jizhen_2022", "特殊的“网格图”", "新华网山西频道 (来源:晋源区融媒体中心)", "", "2022-05-16",
     "http://sx.news.cn/2022-05/16/c_1128655494.htm",
     "The 8 网格图 posted are not coded (a count of maps, not of grids). "),
    ("tlnews_yingbin_2018", "党员进社区 点亮微心愿", "桐庐新闻网 (tlnews.com.cn)", "黄蓉萍; 刘姝", "2018-08-23",
     "http://www.tlnews.com.cn/xwpd/tlxw/content/2018-08/23/content_7033527.htm",
     "刘姝 is an intern (实习生). 桐庐县 belongs to 杭州市 (the city is not named on the page; the county is). "),
    ("tsrb_qilidun_2020", "七里墩社区联合市人社局开展主题党日主题活动", "天水日报 (新天水 tsrb.com.cn)", "余碧波",
     "2020-11-04", "http://www.tsrb.com.cn/xwzx/2020-11/04/content_2177653.html", ""),
    ("sznews_yuanling_2015", "园岭街道民生微实事贴民心 抓落实 造福居民", "深圳新闻网 (ifutian.sznews.com)", "",
     "2015-12-08", "http://ifutian.sznews.com/content/2015-12/08/content_12573966_2.htm",
     "Page 2 of the article (URL ends _2). The text once writes 南园街道 for 园岭街道. Breakdown of the 199 projects "
     "(99 工程类, 81 服务类, 19 货物类) not coded separately. "),
    ("cjyun_sanqiao", "[no title in stored text] 茅箭区武当路街办三桥社区 网格细化 (opening words)",
     "云上十堰 (长江云 cjyun.org)", "罗伟; 秦艺凡", "", "http://shiyan.cjyun.org/p/287087.html",
     "Date not in the stored text. 秦艺凡 is a 特约记者; 通讯员 周慧 not listed. The practice is called 小网格, not 微网格. "),
    ("dute_lisonglang_2023", "李松蓢社区为居民定制专属“心愿清单”", "深圳特区报 (读特 dutenews.com)", "周宏博",
     "2023-11-23", "https://www.dutenews.com/n/article/7864980", "Correspondents 朱永欣, 姚思倚 not listed. "),
    ("zzrb_qingfeng", "微网格治理办实事 “义修哥”温暖万户心", "郑州日报 (数字报 第11版 郑州之治)", "", "",
     "https://dzb.zzrbnews.com/news/90159.html", "Date not in the stored text. "),
    ("zzrb_huicheng", "“四微一体”精治理 方寸之间见幸福", "郑州日报 (数字报 第07版 县区新闻)", "刘伟平; 景静", "",
     "https://dzb.zzrbnews.com/news/80184.html", "Date not in the stored text. "),
]

# ---------------------------------------------------------------- cases
# (case_id, name_zh, name_en, level, parent_id, model, source_id, city, practice_zh)
CASES = [
    # partner
    ("c_km_lixialu", "立夏路社区", "Lixialu Community", "community", "", "partner", "mzsb_kunming_2025", "昆明市",
     "社区合伙人(生活合伙人、红色合伙人、公益合伙人、商户合伙人)"),
    ("d_gz_nansha", "南沙区", "Nansha District", "district", "", "", "huacheng_nansha_2025", "广州市", "暖南发展合伙人"),
    ("c_gz_yitao", "逸涛社区", "Yitao Community", "community", "d_gz_nansha", "partner", "huacheng_nansha_2025",
     "广州市", "暖南发展合伙人"),
    ("s_sx_baiguan", "百官街道", "Baiguan Subdistrict", "subdistrict", "", "", "zjol_shangyu_2025", "绍兴市",
     "社区合伙人计划"),
    ("c_sx_banshan", "半山社区", "Banshan Community", "community", "s_sx_baiguan", "partner", "zjol_shangyu_2025",
     "绍兴市", "社区合伙人计划"),
    ("s_sz_shengpu", "胜浦街道", "Shengpu Subdistrict", "subdistrict", "", "", "xhby_yunxi", "苏州市", ""),
    ("c_sz_yunxi", "云溪社区", "Yunxi Community", "community", "s_sz_shengpu", "partner", "xhby_yunxi", "苏州市",
     "社区主理人计划(青年合伙人)"),
    ("s_cd_shiyang", "石羊街道", "Shiyang Subdistrict", "subdistrict", "", "", "scjj_shenghua_2026", "成都市", ""),
    ("c_cd_shenghua", "盛华社区", "Shenghua Community", "community", "s_cd_shiyang", "partner", "scjj_shenghua_2026",
     "成都市", "社区治理合伙人(“了不起的邻居”)"),
    ("s_wh_junshan", "军山街道", "Junshan Subdistrict", "subdistrict", "", "", "cnhubei_longhu_2025", "武汉市", ""),
    ("c_wh_longhu", "龙湖社区", "Longhu Community", "community", "s_wh_junshan", "partner", "cnhubei_longhu_2025",
     "武汉市", "楼栋合伙人"),
    ("c_ty_xihuayuandong", "西华苑东社区", "Xihuayuan East Community", "community", "", "partner",
     "huaxia_xihuayuan_2025", "太原市", "社区合伙人"),
    ("s_hz_fengchuan", "凤川街道", "Fengchuan Subdistrict", "subdistrict", "", "", "hzgov_fenglai_2025", "杭州市", ""),
    ("c_hz_fenglai", "凤来社区", "Fenglai Community", "community", "s_hz_fengchuan", "partner", "hzgov_fenglai_2025",
     "杭州市", "社区合伙人机制(“家门口·一条街”)"),
    ("k_hz_meilu", "美庐新城小区", "Meilu Xincheng Compound", "compound", "c_hz_fenglai", "", "hzgov_fenglai_2025",
     "杭州市", ""),
    # acquaintance
    ("s_sy_huanghe", "黄河街道", "Huanghe Subdistrict", "subdistrict", "", "", "cri_beixing_2022", "沈阳市", ""),
    ("c_sy_beixing", "北行社区", "Beixing Community", "community", "s_sy_huanghe", "acquaintance", "cri_beixing_2022",
     "沈阳市", "“两邻”建设(“红色花甲管家团”)"),
    ("s_sy_jihong", "霁虹街道", "Jihong Subdistrict", "subdistrict", "", "", "cri_xinhu_2022", "沈阳市", ""),
    ("c_sy_xinhu", "新湖社区", "Xinhu Community", "community", "s_sy_jihong", "acquaintance", "cri_xinhu_2022",
     "沈阳市", "“两邻”建设(“9653”服务项目)"),
    ("s_sy_beishichang", "北市场街道", "Beishichang Subdistrict", "subdistrict", "", "acquaintance",
     "hkcd_beishichang_2022", "沈阳市", "“两邻”工作(“唱响邻里情”活动)"),
    ("t_dz_maliu", "麻柳镇", "Maliu Town", "town", "", "", "crnews_chunshenjun_2021", "达州市", "院坝会"),
    ("v_dz_chunshenjun", "春申君村", "Chunshenjun Village", "village", "t_dz_maliu", "acquaintance",
     "crnews_chunshenjun_2021", "达州市", "院坝会"),
    ("d_fs_nanhai", "南海区", "Nanhai District", "district", "", "", "zjsb_nanhai_2023", "佛山市", "创建熟人社区(创熟)"),
    ("s_fs_guicheng", "桂城街道", "Guicheng Subdistrict", "subdistrict", "d_fs_nanhai", "", "zjsb_nanhai_2023",
     "佛山市", "创建熟人社区(创熟)"),
    ("c_fs_guiyi", "桂一社区", "Guiyi Community", "community", "s_fs_guicheng", "acquaintance", "zjsb_nanhai_2023",
     "佛山市", "创建熟人社区(创熟)"),
    ("t_fs_dali", "大沥镇", "Dali Town", "town", "d_fs_nanhai", "", "zjsb_nanhai_2023", "佛山市", ""),
    ("c_fs_jiayi", "嘉怡社区", "Jiayi Community", "community", "t_fs_dali", "acquaintance", "zjsb_nanhai_2023",
     "佛山市", "创建熟人社区(创熟)"),
    ("d_sh_jiading", "嘉定区", "Jiading District", "district", "", "", "jiadingbao_2016", "上海市", "睦邻点"),
    ("s_sh_jiadingzhen", "嘉定镇街道", "Jiadingzhen Subdistrict", "subdistrict", "d_sh_jiading", "",
     "jiadingbao_2016", "上海市", "睦邻点"),
    ("c_sh_liying", "丽景社区", "Lijing Community", "community", "s_sh_jiadingzhen", "acquaintance", "jiadingbao_2016",
     "上海市", "睦邻点(“骑乐无穷”睦邻点)"),
    ("c_sh_yinxing", "银杏社区", "Yinxing Community", "community", "s_sh_jiadingzhen", "acquaintance",
     "jiadingbao_2016", "上海市", "睦邻点"),
    ("k_ms_bailinjun", "柏林郡小区", "Bailinjun Compound", "compound", "", "acquaintance", "scwm_linjuli_2021",
     "眉山市", "“一勺米、百家粥、百家菜”邻里活动"),
    ("s_dz_congcheng", "淙城街道", "Congcheng Subdistrict", "subdistrict", "", "acquaintance", "scwm_linjuli_2021",
     "达州市", "“爱在东方”睦邻活动"),
    ("s_cq_tieshanping", "铁山坪街道", "Tieshanping Subdistrict", "subdistrict", "", "", "dywz_tanggui_2024",
     "重庆市", ""),
    ("c_cq_tanggui", "唐桂社区", "Tanggui Community", "community", "s_cq_tieshanping", "acquaintance",
     "dywz_tanggui_2024", "重庆市", "百姓议事厅(前身为社区院坝会)"),
    ("k_cq_shenglihuayuan", "胜利花苑小区", "Shengli Huayuan Compound", "compound", "c_cq_tanggui", "",
     "dywz_tanggui_2024", "重庆市", ""),
    ("d_wz_lucheng", "鹿城区", "Lucheng District", "district", "", "", "mzyfz_guigan", "温州市",
     "“隔壁邻舍”网上社区"),
    ("c_wz_guigan", "桂柑社区", "Guigan Community", "community", "d_wz_lucheng", "acquaintance", "mzyfz_guigan",
     "温州市", "网上虚拟社区、微信互助群(“公益圈”)"),
    # four_micro
    ("s_nj_jiangxinzhou", "江心洲街道", "Jiangxinzhou Subdistrict", "subdistrict", "", "", "xhby_jianye_2022",
     "南京市", "微网格"),
    ("c_nj_zhoudaojiayuan", "洲岛家园社区", "Zhoudao Jiayuan Community", "community", "s_nj_jiangxinzhou",
     "four_micro", "xhby_jianye_2022", "南京市", "微网格"),
    ("s_ty_luocheng", "罗城街道", "Luocheng Subdistrict", "subdistrict", "", "", "xinhua_jizhen_2022", "太原市", ""),
    ("c_ty_jizhen", "棘针社区", "Jizhen Community", "community", "s_ty_luocheng", "four_micro", "xinhua_jizhen_2022",
     "太原市", "“社区党总支部—党支部—网格党小组—微网格”四级架构"),
    ("s_hz_tongjun", "桐君街道", "Tongjun Subdistrict", "subdistrict", "", "", "tlnews_yingbin_2018", "杭州市", ""),
    ("c_hz_yingbin", "迎宾社区", "Yingbin Community", "community", "s_hz_tongjun", "four_micro", "tlnews_yingbin_2018",
     "杭州市", "微心愿(“点亮小小心愿”)"),
    ("s_ts_qilidun", "七里墩街道", "Qilidun Subdistrict", "subdistrict", "", "", "tsrb_qilidun_2020", "天水市", ""),
    ("c_ts_qilidun", "七里墩社区", "Qilidun Community", "community", "s_ts_qilidun", "four_micro", "tsrb_qilidun_2020",
     "天水市", "微心愿(“居民微心愿、党员来点亮”)"),
    ("s_sz_yuanling", "园岭街道", "Yuanling Subdistrict", "subdistrict", "", "four_micro", "sznews_yuanling_2015",
     "深圳市", "民生微实事"),
    ("c_sz_nantian", "南天社区", "Nantian Community", "community", "s_sz_yuanling", "", "sznews_yuanling_2015",
     "深圳市", "民生微实事"),
    ("s_sy_wudanglu", "武当路街办", "Wudanglu Subdistrict", "subdistrict", "", "", "cjyun_sanqiao", "十堰市", ""),
    ("c_sy_sanqiao", "三桥社区", "Sanqiao Community", "community", "s_sy_wudanglu", "four_micro", "cjyun_sanqiao",
     "十堰市", "小网格(9个大网格细化为38个小网格)"),
    ("s_sz_gongming", "公明街道", "Gongming Subdistrict", "subdistrict", "", "", "dute_lisonglang_2023", "深圳市", ""),
    ("c_sz_lisonglang", "李松蓢社区", "Lisonglang Community", "community", "s_sz_gongming", "four_micro",
     "dute_lisonglang_2023", "深圳市", "民生微实事(“心愿清单”)"),
    ("s_zz_jianzhongjie", "建中街街道", "Jianzhongjie Subdistrict", "subdistrict", "", "", "zzrb_qingfeng", "郑州市", ""),
    ("c_zz_qingfeng", "庆丰社区", "Qingfeng Community", "community", "s_zz_jianzhongjie", "four_micro", "zzrb_qingfeng",
     "郑州市", "微网格治理"),
    ("s_zz_jingguanglu", "京广路街道", "Jingguanglu Subdistrict", "subdistrict", "", "", "zzrb_huicheng", "郑州市", ""),
    ("c_zz_huicheng", "惠城社区", "Huicheng Community", "community", "s_zz_jingguanglu", "four_micro", "zzrb_huicheng",
     "郑州市", "“四微一体”(微网格、微活动、微服务、微实事)"),
]

# ---------------------------------------------------------------- figures
# (case_id, indicator, written, qualifier, multiplier, unit, period, source_id, evidence, note)
FIGURES = [
    # 立夏路社区
    ("c_km_lixialu", "public_welfare_activities", "160", "余", 1, "events", "cumulative", "mzsb_kunming_2025",
     "160余场", "公益活动 by the 生活合伙人 (累计)"),
    ("c_km_lixialu", "classes_sessions", "290", "余", 1, "events", "cumulative", "mzsb_kunming_2025", "290余场",
     "课程辅导、书法兴趣班及晚间少儿托管"),
    ("c_km_lixialu", "community_markets", "10", "", 1, "events", "cumulative", "mzsb_kunming_2025", "10次",
     "“幸福公社”集市"),
    ("c_km_lixialu", "service_beneficiaries_person_times", "2000", "余", 1, "person_times", "cumulative",
     "mzsb_kunming_2025", "2000余人次", "served by the 生活合伙人 activities"),
    ("c_km_lixialu", "partner_public_units", "14", "", 1, "organisations", "stock", "mzsb_kunming_2025",
     "14家公共单位", "linked units grouped into 红色/公益/商户合伙人"),
    ("c_km_lixialu", "partner_firms", "50", "", 1, "organisations", "stock", "mzsb_kunming_2025", "50家社区企业", ""),
    ("c_km_lixialu", "partner_shops", "3", "", 1, "organisations", "stock", "mzsb_kunming_2025", "3家爱心商户", ""),
    ("c_km_lixialu", "service_activities", "20", "", 1, "events", "cumulative", "mzsb_kunming_2025", "20场",
     "福利活动 organised with pooled social resources"),
    ("c_km_lixialu", "aid_items_distributed", "200", "余", 1, "items", "cumulative", "mzsb_kunming_2025", "200余份",
     "帮扶物资"),
    # 南沙区 (district frame of 逸涛社区)
    ("d_gz_nansha", "partner_projects", "156", "", 1, "projects", "cumulative", "huacheng_nansha_2025", "156个",
     "合伙人项目 incubated in the district in about a year"),
    ("d_gz_nansha", "partner_units", "128", "", 1, "organisations", "stock", "huacheng_nansha_2025", "128家",
     "合伙人在册 (registered partners, district)"),
    ("d_gz_nansha", "social_capital_leveraged", "2000", "超", 10_000, "yuan", "cumulative", "huacheng_nansha_2025",
     "超两千万元", "社会资本 leveraged, district"),
    # 半山社区
    ("c_sx_banshan", "classes_sessions", "5", "", 1, "events", "cumulative", "zjol_shangyu_2025", "5期",
     "非遗研学活动 of the 青瓷创客 partner team"),
    ("c_sx_banshan", "participants", "75", "", 1, "persons", "cumulative", "zjol_shangyu_2025", "75名孩子",
     "children in the 5 sessions"),
    # 云溪社区
    ("c_sz_yunxi", "partner_individuals", "55", "", 1, "persons", "stock", "xhby_yunxi", "55人",
     "主理人 team after about six months"),
    ("c_sz_yunxi", "partner_individuals", "23", "", 1, "persons", "unspecified", "xhby_yunxi", "23名",
     "主理人 at the start (从23名…扩大到55人); an intermediate count, 31名, is not coded"),
    ("c_sz_yunxi", "service_activities", "50", "近", 1, "events", "unspecified", "xhby_yunxi", "近50次",
     "services and activities per month (每月) by 31 主理人: a rate"),
    ("c_sz_yunxi", "service_beneficiaries_person_times", "1", "近", 10_000, "person_times", "cumulative",
     "xhby_yunxi", "近万人次", "累计"),
    ("c_sz_yunxi", "social_capital_leveraged", "30", "近", 10_000, "yuan", "cumulative", "xhby_yunxi", "近30万元",
     "社会资金 attracted by the activities"),
    ("c_sz_yunxi", "community_fund_amount", "3", "", 10_000, "yuan", "cumulative", "xhby_yunxi", "3万元",
     "社区治理专项资金累计达"),
    # 盛华社区
    ("c_cd_shenghua", "partner_units", "20", "", 1, "organisations", "stock", "scjj_shenghua_2026", "20名",
     "治理合伙人 from finance, property, health, education (firms and institutions, counted with 名)"),
    ("c_cd_shenghua", "service_activities", "20", "余", 1, "events", "cumulative", "scjj_shenghua_2026", "20余场",
     "需求对接、便民服务、公益共建、新春游园"),
    ("c_cd_shenghua", "service_beneficiaries_person_times", "1500", "逾", 1, "person_times", "cumulative",
     "scjj_shenghua_2026", "逾1500人次", "promotional source"),
    # 龙湖社区
    ("c_wh_longhu", "partners_commended", "50", "", 1, "persons", "project_total", "cnhubei_longhu_2025", "50名",
     "优秀“楼栋合伙人” commended at one event (not the total)"),
    # 西华苑东社区
    ("c_ty_xihuayuandong", "public_welfare_activities", "35", "", 1, "events", "cumulative", "huaxia_xihuayuan_2025",
     "35场", "法律宣传、治安巡逻等公益活动"),
    ("c_ty_xihuayuandong", "disputes_resolved", "40", "余", 1, "items", "cumulative", "huaxia_xihuayuan_2025",
     "40余起", "邻里纠纷化解"),
    # 凤来社区 and 美庐新城小区
    ("c_hz_fenglai", "partner_shops", "7", "", 1, "organisations", "stock", "hzgov_fenglai_2025", "7家",
     "首批 爱心商户 of the 家门口·一条街"),
    ("c_hz_fenglai", "public_welfare_activities", "6", "", 1, "events", "cumulative", "hzgov_fenglai_2025", "6场",
     "义诊、义剪等活动"),
    ("c_hz_fenglai", "service_beneficiaries_person_times", "3900", "余", 1, "person_times", "cumulative",
     "hzgov_fenglai_2025", "3900余人次", ""),
    ("k_hz_meilu", "new_resident_share", "80", "", 1, "percent", "stock", "hzgov_fenglai_2025", "80%",
     "住户为新居民"),
    ("k_hz_meilu", "deliberation_meetings", "52", "", 1, "events", "cumulative", "hzgov_fenglai_2025", "52次",
     "共商共议 with 物业、业委会, led by 合伙人 督导员"),
    # 南海区 (district frame of 桂一社区, 嘉怡社区)
    ("d_fs_nanhai", "volunteers", "10000", "余", 1, "persons", "stock", "zjsb_nanhai_2023", "10000余名",
     "楼长、巷长、街长、街坊志愿者"),
    ("d_fs_nanhai", "disputes_resolved", "5000", "多", 1, "items", "cumulative", "zjsb_nanhai_2023", "超5000多宗",
     "邻里矛盾纠纷; 超…多 read as the intersection of both qualifiers, (5000, 6000)"),
    ("d_fs_nanhai", "volunteer_person_times", "1000", "超", 1, "person_times", "cumulative", "zjsb_nanhai_2023",
     "超1000人次", "other resident volunteers drawn in"),
    ("d_fs_nanhai", "service_activities", "1", "余", 10_000, "events", "cumulative", "zjsb_nanhai_2023",
     "1万余场次", "社区活动 over two years"),
    # 嘉定区, 丽景社区
    ("d_sh_jiading", "neighbour_points", "1497", "", 1, "organisations", "stock", "jiadingbao_2016", "1497个",
     "睦邻点 in the district (covering 12 街镇, 216 居委会)"),
    ("c_sh_liying", "participants", "10", "多", 1, "persons", "stock", "jiadingbao_2016", "十多位",
     "retired members of the “骑乐无穷”睦邻点"),
    # 柏林郡小区
    ("k_ms_bailinjun", "participating_households", "160", "余", 1, "households", "project_total",
     "scwm_linjuli_2021", "160余户", "households at the 百家粥 event"),
    # 唐桂社区, 胜利花苑小区
    ("k_cq_shenglihuayuan", "resident_population", "4000", "多", 1, "persons", "stock", "dywz_tanggui_2024",
     "4000多居民", "compound in 唐桂社区"),
    ("c_cq_tanggui", "participants", "40", "多", 1, "persons", "project_total", "dywz_tanggui_2024", "40多位",
     "opponents invited to the accessibility walk before the 议事厅 decision"),
    # 桂柑社区, 鹿城区
    ("c_wz_guigan", "online_mutual_aid_groups", "10", "多", 1, "items", "stock", "mzyfz_guigan", "10多个",
     "community WeChat groups the 社区主任 reads daily"),
    ("c_wz_guigan", "grids", "13", "", 1, "grids", "stock", "mzyfz_guigan", "13个网格", ""),
    ("c_wz_guigan", "households_per_grid", "400", "多", 1, "households", "stock", "mzyfz_guigan", "400多户",
     "per grid"),
    ("d_wz_lucheng", "online_mutual_aid_groups", "352", "", 1, "items", "stock", "mzyfz_guigan", "352个",
     "微信互助群 in 38 communities"),
    # 洲岛家园社区
    ("c_nj_zhoudaojiayuan", "micro_grid_households", "152", "", 1, "households", "stock", "xhby_jianye_2022", "152户",
     "one micro-grid (芳华苑小区8—10栋)"),
    ("c_nj_zhoudaojiayuan", "resident_population", "1.1", "超", 10_000, "persons", "stock", "xhby_jianye_2022",
     "超1.1万人", ""),
    ("c_nj_zhoudaojiayuan", "grid_workers", "15", "", 1, "persons", "stock", "xhby_jianye_2022", "15人",
     "网格员 (仅15人), the staffing problem the micro-grid answers"),
    # 园岭街道, 南天社区
    ("s_sz_yuanling", "micro_projects_collected", "199", "", 1, "projects", "cumulative", "sznews_yuanling_2015",
     "199个", "since April 2014"),
    ("s_sz_yuanling", "micro_projects_completed", "137", "", 1, "projects", "cumulative", "sznews_yuanling_2015",
     "137个", "已完工"),
    ("s_sz_yuanling", "micro_projects_in_progress", "12", "", 1, "projects", "stock", "sznews_yuanling_2015", "12个",
     "正在实施"),
    ("s_sz_yuanling", "micro_project_funds", "774", "余", 10_000, "yuan", "cumulative", "sznews_yuanling_2015",
     "774余万元", "投入经费"),
    ("s_sz_yuanling", "classes_sessions", "100", "多", 1, "events", "cumulative", "sznews_yuanling_2015", "100多场",
     "讲座培训 of the service-type projects"),
    ("s_sz_yuanling", "service_beneficiaries_person_times", "7000", "余", 1, "person_times", "cumulative",
     "sznews_yuanling_2015", "7000余次", "参加人员 (attendances)"),
    ("c_sz_nantian", "participants", "200", "约", 1, "persons", "project_total", "sznews_yuanling_2015", "约有200名",
     "residents at the 南天社区 cultural activities"),
    # 三桥社区
    ("c_sy_sanqiao", "grids", "9", "", 1, "grids", "stock", "cjyun_sanqiao", "9个大网格", ""),
    ("c_sy_sanqiao", "micro_grids", "38", "", 1, "grids", "stock", "cjyun_sanqiao", "38个小网格", "小网格"),
    ("c_sy_sanqiao", "building_leaders", "38", "", 1, "persons", "stock", "cjyun_sanqiao", "楼栋长38个", ""),
    ("c_sy_sanqiao", "volunteers", "77", "", 1, "persons", "stock", "cjyun_sanqiao", "77人", ""),
    # 庆丰社区
    ("c_zz_qingfeng", "volunteers", "22", "", 1, "persons", "stock", "zzrb_qingfeng", "22人",
     "“义修哥”志愿服务队 after three years"),
    ("c_zz_qingfeng", "volunteers", "5", "", 1, "persons", "unspecified", "zzrb_qingfeng", "5个人",
     "the team at its start"),
]

# ---------------------------------------------------------------- mechanisms (present only; the rest not reported)
# (case_id, mechanism, evidence, source_id, note)
PRESENT = [
    ("c_km_lixialu", "party_building_lead", "社区党组织“搭台”", "mzsb_kunming_2025", ""),
    ("c_km_lixialu", "partner_alliance", "商户合伙人", "mzsb_kunming_2025", ""),
    ("c_km_lixialu", "space_for_services", "闲置空间", "mzsb_kunming_2025", "450平方米 of the 党群服务中心"),
    ("c_km_lixialu", "community_fund", "社区基金", "mzsb_kunming_2025", "partners donate yearly"),
    ("c_km_lixialu", "needs_resource_matching", "需求清单、资源清单", "mzsb_kunming_2025", ""),
    ("c_km_lixialu", "child_services", "晚间少儿托管", "mzsb_kunming_2025", ""),
    ("c_km_lixialu", "elderly_care", "爱老助老", "mzsb_kunming_2025", ""),
    ("c_gz_yitao", "child_services", "普惠托育园", "huacheng_nansha_2025", "also in chinanews_yitao_2024 (社区嵌入式托育园)"),
    ("c_gz_yitao", "partner_alliance", "社区合伙人", "chinanews_yitao_2024",
     "the partner is a foundation (广州市法泽社区公益基金会)"),
    ("c_sx_banshan", "individual_partners", "青瓷创客", "zjol_shangyu_2025", ""),
    ("c_sx_banshan", "space_for_services", "闲置商铺", "zjol_shangyu_2025", "subdistrict-wide 创业礼包 incl. 半山"),
    ("c_sx_banshan", "needs_resource_matching", "需求清单", "zjol_shangyu_2025", ""),
    ("c_sx_banshan", "child_services", "非遗研学", "zjol_shangyu_2025", ""),
    ("c_sz_yunxi", "individual_partners", "主理人计划", "xhby_yunxi", ""),
    ("c_sz_yunxi", "space_for_services", "闲置场地", "xhby_yunxi", ""),
    ("c_sz_yunxi", "community_fund", "社区治理专项资金", "xhby_yunxi", ""),
    ("c_cd_shenghua", "partner_alliance", "治理合伙人", "scjj_shenghua_2026", ""),
    ("c_cd_shenghua", "needs_resource_matching", "需求对接", "scjj_shenghua_2026", ""),
    ("c_cd_shenghua", "elderly_care", "适老服务", "scjj_shenghua_2026", ""),
    ("c_wh_longhu", "individual_partners", "楼栋合伙人", "cnhubei_longhu_2025", ""),
    ("c_wh_longhu", "party_building_lead", "党建引领基层治理", "cnhubei_longhu_2025", ""),
    ("c_wh_longhu", "dispute_resolution", "邻里调解员", "cnhubei_longhu_2025", ""),
    ("c_wh_longhu", "volunteer_team", "互助小组", "cnhubei_longhu_2025", ""),
    ("c_wh_longhu", "micro_grid", "微网实格", "cnhubei_longhu_2025", ""),
    ("c_ty_xihuayuandong", "partner_alliance", "社区合伙人", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "individual_partners", "有专长的单位和个人", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "needs_resource_matching", "群众点单—社区派单", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "deliberation_forum", "居民议事会", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "dispute_resolution", "化解邻里纠纷", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "safety_patrol", "治安巡逻", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "legal_services", "法律宣传", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "elderly_care", "每月开展义诊活动", "huaxia_xihuayuan_2025", "for 老年群众"),
    ("c_ty_xihuayuandong", "child_services", "儿童托管", "huaxia_xihuayuan_2025", ""),
    ("c_ty_xihuayuandong", "space_for_services", "闲置空间", "huaxia_xihuayuan_2025", ""),
    ("c_hz_fenglai", "partner_alliance", "爱心商户", "hzgov_fenglai_2025", ""),
    ("c_hz_fenglai", "volunteer_points", "积分券", "hzgov_fenglai_2025", ""),
    ("c_hz_fenglai", "digital_platform", "文明帮帮码", "hzgov_fenglai_2025", ""),
    ("c_hz_fenglai", "elderly_care", "为老人义剪", "hzgov_fenglai_2025", ""),
    ("c_hz_fenglai", "deliberation_forum", "共商共议", "hzgov_fenglai_2025", "in 美庐新城小区"),
    ("c_sy_beixing", "party_building_lead", "红色引领居民自治", "cri_beixing_2022", ""),
    ("c_sy_beixing", "volunteer_team", "红色花甲管家团", "cri_beixing_2022", ""),
    ("c_sy_beixing", "neighbourly_mutual_aid", "邻里守望", "cri_beixing_2022", ""),
    ("c_sy_xinhu", "door_to_door_visits", "大走访、大恳谈", "cri_xinhu_2022", ""),
    ("c_sy_xinhu", "dispute_resolution", "汇总和解决邻里之间", "cri_xinhu_2022", ""),
    ("c_sy_xinhu", "elderly_care", "长者服务", "cri_xinhu_2022", ""),
    ("c_sy_xinhu", "child_services", "少儿服务", "cri_xinhu_2022", ""),
    ("c_sy_xinhu", "volunteer_team", "授课队伍", "cri_xinhu_2022", ""),
    ("s_sy_beishichang", "neighbourhood_events", "唱響鄰里情", "hkcd_beishichang_2022", ""),
    ("s_sy_beishichang", "online_groups", "微信群", "hkcd_beishichang_2022", ""),
    ("v_dz_chunshenjun", "deliberation_forum", "院坝会", "crnews_chunshenjun_2021", ""),
    ("c_fs_guiyi", "party_building_lead", "党建引领", "zjsb_nanhai_2023", ""),
    ("c_fs_jiayi", "door_to_door_visits", "挨家挨户", "zjsb_nanhai_2023", ""),
    ("c_sh_liying", "neighbour_groups", "睦邻点", "jiadingbao_2016", ""),
    ("c_sh_yinxing", "neighbour_groups", "睦邻点", "jiadingbao_2016", "the first 睦邻点, set up in a home in 2007"),
    ("k_ms_bailinjun", "neighbourhood_events", "百家粥", "scwm_linjuli_2021", ""),
    ("s_dz_congcheng", "neighbourhood_events", "睦邻活动", "scwm_linjuli_2021", ""),
    ("s_dz_congcheng", "volunteer_team", "党员志愿者", "scwm_linjuli_2021", ""),
    ("s_dz_congcheng", "elderly_care", "提供给社区的老人", "scwm_linjuli_2021", ""),
    ("c_cq_tanggui", "deliberation_forum", "百姓议事厅", "dywz_tanggui_2024", ""),
    ("c_wz_guigan", "online_groups", "微信群", "mzyfz_guigan", ""),
    ("c_wz_guigan", "digital_platform", "网上虚拟社区", "mzyfz_guigan", ""),
    ("c_wz_guigan", "neighbourly_mutual_aid", "邻里互助", "mzyfz_guigan", ""),
    ("c_nj_zhoudaojiayuan", "micro_grid", "微网格员", "xhby_jianye_2022", ""),
    ("c_ty_jizhen", "micro_grid", "微网格", "xinhua_jizhen_2022", ""),
    ("c_ty_jizhen", "tiered_party_org", "网格党小组", "xinhua_jizhen_2022", ""),
    ("c_ty_jizhen", "volunteer_team", "志愿服务队伍", "xinhua_jizhen_2022", ""),
    ("c_ty_jizhen", "party_member_service", "党员服务热线", "xinhua_jizhen_2022", ""),
    ("c_ty_jizhen", "elderly_care", "诚心助老", "xinhua_jizhen_2022", ""),
    ("c_hz_yingbin", "micro_wishes", "微心愿", "tlnews_yingbin_2018", ""),
    ("c_hz_yingbin", "party_member_service", "双报到双服务", "tlnews_yingbin_2018", ""),
    ("c_ts_qilidun", "micro_wishes", "微心愿", "tsrb_qilidun_2020", ""),
    ("c_ts_qilidun", "party_member_service", "在职党员进社区", "tsrb_qilidun_2020", ""),
    ("c_ts_qilidun", "door_to_door_visits", "走访入户", "tsrb_qilidun_2020", ""),
    ("s_sz_yuanling", "micro_projects", "民生微实事", "sznews_yuanling_2015", ""),
    ("s_sz_yuanling", "deliberation_forum", "居民议事会", "sznews_yuanling_2015", ""),
    ("c_sy_sanqiao", "micro_grid", "38个小网格", "cjyun_sanqiao", "called 小网格"),
    ("c_sy_sanqiao", "tiered_party_org", "网格党支部", "cjyun_sanqiao", ""),
    ("c_sy_sanqiao", "volunteer_team", "特色服务队", "cjyun_sanqiao", ""),
    ("c_sy_sanqiao", "online_groups", "居民微信群", "cjyun_sanqiao", ""),
    ("c_sz_lisonglang", "micro_projects", "民生微实事", "dute_lisonglang_2023", ""),
    ("c_sz_lisonglang", "deliberation_forum", "居民议事会", "dute_lisonglang_2023", ""),
    ("c_sz_lisonglang", "needs_resource_matching", "心愿清单", "dute_lisonglang_2023", ""),
    ("c_sz_lisonglang", "online_groups", "网格群", "dute_lisonglang_2023", ""),
    ("c_zz_qingfeng", "micro_grid", "微网格长", "zzrb_qingfeng", ""),
    ("c_zz_qingfeng", "volunteer_team", "“义修哥”志愿服务队", "zzrb_qingfeng", ""),
    ("c_zz_qingfeng", "elderly_care", "独居老人", "zzrb_qingfeng", "repairs for older residents living alone"),
    ("c_zz_qingfeng", "online_groups", "网格微信群", "zzrb_qingfeng", ""),
    ("c_zz_huicheng", "micro_grid", "微网格", "zzrb_huicheng", ""),
    ("c_zz_huicheng", "micro_projects", "微实事", "zzrb_huicheng", ""),
]

# ---------------------------------------------------------------- codebook
# (id, kind, label_zh, label_en, unit, dimension, direction, definition)
CODEBOOK = [
    ("resident_population", "indicator", "常住人口", "Resident population", "persons", "context", "0",
     "Number of residents (常住 or 辖区 population) as stated. (Chengdu id.)"),
    ("new_resident_share", "indicator", "新居民占比", "Share of new residents", "percent", "context", "0",
     "Percentage of residents or households who are new residents. (Chengdu id.)"),
    ("grids", "indicator", "网格数", "Grids", "grids", "organisation", "1",
     "Number of governance grids (网格) the unit is divided into. (Chengdu id.)"),
    ("micro_grids", "indicator", "微网格数", "Micro-grids", "grids", "organisation", "1",
     "Number of micro-grids (微网格, or 小网格 subdividing the grids). (Chengdu id.)"),
    ("grid_workers", "indicator", "网格员", "Grid workers", "persons", "organisation", "1",
     "Number of (ordinary) grid workers (网格员) of the unit."),
    ("micro_grid_households", "indicator", "微网格户数", "Households in a micro-grid", "households", "context", "0",
     "Households in one named micro-grid."),
    ("households_per_grid", "indicator", "每格户数", "Households per grid", "households", "context", "0",
     "Households per grid, as stated for the unit's grids."),
    ("building_leaders", "indicator", "楼栋长", "Building leaders", "persons", "organisation", "1",
     "Number of building leaders (楼栋长)."),
    ("volunteers", "indicator", "志愿者", "Volunteers", "persons", "participation", "1",
     "Number of resident volunteers (incl. 楼长/巷长/街长 where the source counts them together)."),
    ("volunteer_person_times", "indicator", "志愿参与人次", "Volunteer participation", "person_times",
     "participation", "1", "Person-times of residents taking part as volunteers."),
    ("partner_units", "indicator", "合伙人单位", "Partner organisations", "organisations", "resources", "1",
     "Organisations enrolled as partners (合伙人) when a single total is stated. (Chengdu id.)"),
    ("partner_public_units", "indicator", "公共单位合伙人", "Public-sector partners", "organisations", "resources",
     "1", "Public units (机关、事业单位) linked or enrolled as partners."),
    ("partner_firms", "indicator", "企业合伙人", "Firms as partners", "organisations", "resources", "1",
     "Enterprises linked or enrolled as partners."),
    ("partner_shops", "indicator", "商户合伙人", "Shops as partners", "organisations", "resources", "1",
     "Shops / merchants (商户) linked or enrolled as partners."),
    ("partner_individuals", "indicator", "个人合伙人/主理人", "Individual partners", "persons", "resources", "1",
     "Individuals enrolled as partners or 主理人."),
    ("partners_commended", "indicator", "受表彰合伙人", "Partners commended", "persons", "participation", "0",
     "Partners publicly commended (表彰) at an event: a subset, not the total."),
    ("partner_projects", "indicator", "合伙人项目", "Partner projects", "projects", "resources", "1",
     "Projects run or incubated with partners."),
    ("social_capital_leveraged", "indicator", "撬动社会资金", "Social money leveraged", "yuan", "resources", "1",
     "Money from firms and society drawn in by the practice (社会资本/社会资金)."),
    ("community_fund_amount", "indicator", "社区基金/专项资金", "Community fund", "yuan", "resources", "1",
     "Money in a community fund or earmarked governance fund (社区基金, 社区治理专项资金)."),
    ("service_activities", "indicator", "服务活动场次", "Service activities", "events", "service", "1",
     "Number of service activities (场/次) held; see the note for what was counted. (Chengdu id.)"),
    ("public_welfare_activities", "indicator", "公益活动场次", "Public-welfare activities", "events", "service", "1",
     "Free public-welfare activities (公益活动, 义诊, 义剪 …)."),
    ("classes_sessions", "indicator", "课程/培训场次", "Classes and sessions", "events", "service", "1",
     "Classes, training or study sessions (课程, 讲座培训, 研学, 托管 sessions)."),
    ("community_markets", "indicator", "社区集市", "Community markets", "events", "service", "1",
     "Community markets (集市) held."),
    ("service_beneficiaries_person_times", "indicator", "活动惠及人次", "Activity beneficiaries", "person_times",
     "service", "1", "Person-times of residents reached by the practice's activities. (Chengdu id.)"),
    ("participants", "indicator", "参与人数", "Participants", "persons", "participation", "1",
     "Persons taking part in an activity or group of the practice (see note)."),
    ("participating_households", "indicator", "参与户数", "Participating households", "households", "participation",
     "1", "Households taking part in an activity of the practice."),
    ("aid_items_distributed", "indicator", "发放帮扶物资", "Aid items distributed", "items", "service", "1",
     "Portions (份) of aid goods distributed."),
    ("disputes_resolved", "indicator", "化解纠纷", "Disputes resolved", "items", "conflict_resolution", "1",
     "Neighbour disputes (纠纷, 矛盾) mediated or resolved."),
    ("micro_projects_collected", "indicator", "微实事项目征集", "Micro-projects collected", "projects",
     "participation", "1", "Resident-nominated micro-projects (民生微实事) collected."),
    ("micro_projects_completed", "indicator", "微实事项目完工", "Micro-projects completed", "projects", "outcome", "1",
     "Micro-projects completed."),
    ("micro_projects_in_progress", "indicator", "微实事项目在建", "Micro-projects in progress", "projects",
     "outcome", "0", "Micro-projects under way at the time of writing."),
    ("micro_project_funds", "indicator", "微实事投入经费", "Micro-project spending", "yuan", "resources", "1",
     "Money spent on micro-projects."),
    ("neighbour_points", "indicator", "睦邻点数", "Neighbour points", "organisations", "participation", "1",
     "Self-organised neighbour groups (睦邻点)."),
    ("online_mutual_aid_groups", "indicator", "微信互助群", "Online mutual-aid groups", "items", "participation", "1",
     "WeChat (or similar) groups used by residents and the community."),
    ("deliberation_meetings", "indicator", "议事协商次数", "Deliberation meetings", "events", "participation", "1",
     "Meetings at which residents and others deliberate on common affairs."),
    # mechanisms
    ("party_building_lead", "mechanism", "党建引领", "Party-building lead", "", "organisation", "0",
     "The source says the practice is led or set up by the party organisation (党建引领, 党组织搭台, 红色引领)."),
    ("tiered_party_org", "mechanism", "党建分级组织", "Party-led tiered organisation", "", "organisation", "0",
     "Party branches or groups organised at grid or building level (网格党支部, 网格党小组). (Chengdu id.)"),
    ("micro_grid", "mechanism", "微网格体系", "Micro-grid system", "", "organisation", "0",
     "The unit is divided into micro-grids (微网格, 小网格, 微网实格) with named grid workers or leaders. (Chengdu id.)"),
    ("partner_alliance", "mechanism", "合伙人联盟(单位)", "Partner alliance (organisations)", "", "resources", "0",
     "Organisations (firms, shops, public units) enrolled under a partner title (合伙人). (Chengdu id.)"),
    ("individual_partners", "mechanism", "个人合伙人/主理人", "Individual partners", "", "resources", "0",
     "Individuals (residents, entrepreneurs, skilled people) enrolled under a partner or 主理人 title."),
    ("space_for_services", "mechanism", "空间换服务", "Space for services", "", "resources", "0",
     "Idle community space is given free or cheaply to providers in exchange for public-benefit services."),
    ("community_fund", "mechanism", "社区基金", "Community fund", "", "resources", "0",
     "Money flows into a community fund or an earmarked governance fund (社区基金, 专项资金)."),
    ("resident_funds", "mechanism", "居民自筹", "Resident-raised funds", "", "resources", "0",
     "Residents raise money for community projects. (Chengdu id.)"),
    ("needs_resource_matching", "mechanism", "需求资源对接", "Needs-resource matching", "", "service", "0",
     "Residents' needs are listed and matched to providers (需求清单/资源清单, 点单—派单—接单, 需求对接, 心愿清单)."),
    ("micro_wishes", "mechanism", "微心愿", "Micro-wishes", "", "service", "0",
     "Small wishes of (needy) residents are collected and adopted (认领) by party members or units (微心愿)."),
    ("micro_projects", "mechanism", "微实事", "Micro-projects", "", "participation", "0",
     "Small public projects nominated by residents and funded by government (民生微实事, 微实事)."),
    ("party_member_service", "mechanism", "党员报到服务", "Party members serving residents", "", "service", "0",
     "Party members (incl. those of outside units) report to the community and serve residents (双报到, 在职党员进社区, 党员服务热线)."),
    ("deliberation_forum", "mechanism", "议事协商平台", "Deliberation forum", "", "participation", "0",
     "A regular forum where residents (with property managers, units and others) deliberate (议事会, 院坝会, 议事厅, 共商共议). (Chengdu id.)"),
    ("volunteer_team", "mechanism", "居民志愿队伍", "Resident volunteer team", "", "participation", "0",
     "A named team or group of resident volunteers. (Chengdu id.)"),
    ("volunteer_points", "mechanism", "志愿积分", "Volunteer points", "", "participation", "0",
     "Residents earn points for volunteering that can be exchanged for goods or services (积分)."),
    ("neighbourhood_events", "mechanism", "邻里节庆活动", "Neighbourhood events", "", "participation", "0",
     "Events meant to bring neighbours together (邻里节, 百家宴/百家粥, 睦邻活动, 唱响邻里情)."),
    ("neighbour_groups", "mechanism", "睦邻点/邻里小组", "Neighbour groups", "", "participation", "0",
     "Small self-organised neighbour groups meeting regularly (睦邻点)."),
    ("neighbourly_mutual_aid", "mechanism", "邻里互助", "Neighbourly mutual aid", "", "participation", "0",
     "The source names neighbours helping one another as part of the practice (邻里守望, 邻里互助)."),
    ("door_to_door_visits", "mechanism", "入户走访", "Door-to-door visits", "", "participation", "0",
     "Cadres or volunteers visit households to learn needs and problems (走访, 入户, 挨家挨户)."),
    ("online_groups", "mechanism", "线上群组", "Online groups", "", "participation", "0",
     "WeChat or other online groups used to reach and mobilise residents (微信群, 网格群)."),
    ("digital_platform", "mechanism", "智慧治理平台", "Digital platform", "", "service", "0",
     "A named digital platform, app or online community beyond ordinary chat groups. (Chengdu id.)"),
    ("dispute_resolution", "mechanism", "纠纷化解", "Dispute resolution", "", "conflict_resolution", "0",
     "Neighbour disputes are mediated or resolved through the practice (调解, 化解纠纷, 解决矛盾). Broader than the Chengdu id conflict_mediation (a named team)."),
    ("legal_services", "mechanism", "法治服务", "Legal services", "", "conflict_resolution", "0",
     "Legal resources (law publicity, consultations, courts-in-community) brought into the community. (Chengdu id.)"),
    ("safety_patrol", "mechanism", "平安巡防", "Safety patrol", "", "safety", "0",
     "Regular safety patrols. (Chengdu id.)"),
    ("elderly_care", "mechanism", "关爱老人项目", "Elderly care", "", "service", "0",
     "Care or services for older residents (助老, 适老服务, 长者服务, 义诊 for the old). (Chengdu id.)"),
    ("child_services", "mechanism", "儿童服务", "Services for children", "", "service", "0",
     "Childcare or activities for children (托管, 托育, 少儿服务, 研学)."),
]

MECH_IDS = [r[0] for r in CODEBOOK if r[1] == "mechanism"]


def fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x))


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    src_ids = {s[0] for s in SOURCES}
    write("sources.csv",
          ["source_id", "title", "outlet", "authors", "language", "published", "sha256", "n_chars", "filename",
           "url", "text_held", "notes"],
          [[s[0], s[1], s[2], s[3], "zh", s[4], "", "", "", s[5], "false", (s[6] + NOTE_HELD).strip()]
           for s in SOURCES])
    write("models.csv", ["model", "label_zh", "label_en", "description", "colour"], [
        ["acquaintance", "熟人治理", "acquaintance-building",
         "Practices that aim to turn strangers into acquainted neighbours (熟人社区/创熟, 两邻, 睦邻点, 邻里节, 院坝会, 邻里互助群).", ""],
        ["four_micro", "四微工作法(微单元)", "micro-unit work methods",
         "Practices that work through micro-units: micro-grids (微网格/小网格), micro-wishes (微心愿), micro-projects (微实事), the four-micro method (四微).", ""],
        ["partner", "合伙人", "partner schemes",
         "Practices that enrol firms, shops, units or individuals under a partner title (社区合伙人, 治理合伙人, 发展合伙人, 主理人, 楼栋合伙人).", ""],
    ])
    case_ids = {c[0] for c in CASES}
    for c in CASES:
        assert c[6] in src_ids, c
        assert not c[4] or c[4] in case_ids, c
    write("cases.csv", ["case_id", "name_zh", "name_en", "level", "parent_id", "model", "source_id", "city",
                        "practice_zh"], [list(c) for c in CASES])
    units = {r[0]: r[4] for r in CODEBOOK if r[1] == "indicator"}
    rows = []
    for case, ind, written, q, mult, unit, period, src, ev, note in FIGURES:
        assert case in case_ids and src in src_ids and ind in units, (case, ind)
        assert units[ind] == unit, (ind, unit)
        assert (not q) or q in ev, (q, ev)
        iv = qualifier_interval(written, q, multiplier=mult, unit=unit)
        value = float(Decimal(written) * Decimal(mult))
        rows.append([case, ind, fmt(value), fmt(iv.lower), fmt(iv.upper), str(iv.lower_closed).lower(),
                     str(iv.upper_closed).lower(), q, unit, period, src, "", "", ev, note])
    write("indicators.csv", ["case_id", "indicator", "value", "lower", "upper", "lower_closed", "upper_closed",
                             "qualifier", "unit", "period", "source_id", "span_start", "span_end", "evidence",
                             "note"], rows)
    present = {(c, m): (ev, s, n) for c, m, ev, s, n in PRESENT}
    for (_c, m) in present:
        assert m in MECH_IDS, m
    model_cases = [c for c in CASES if c[5]]
    mrows = []
    for c in model_cases:
        for m in MECH_IDS:
            if (c[0], m) in present:
                ev, s, n = present[(c[0], m)]
                mrows.append([c[0], m, "true", "", "", ev, s, n])
            else:
                mrows.append([c[0], m, "false", "", "", "", c[6], "not reported in the stored text"])
    assert len(present) == sum(1 for r in mrows if r[2] == "true")
    write("mechanisms.csv", ["case_id", "mechanism", "present", "span_start", "span_end", "evidence", "source_id",
                             "note"], mrows)
    write("codebook.csv", ["id", "kind", "label_zh", "label_en", "unit", "dimension", "direction", "definition"],
          [list(r) for r in CODEBOOK])
    n_model = {m: sum(1 for c in CASES if c[5] == m) for m in ("acquaintance", "four_micro", "partner")}
    print("cases per model:", n_model, "sources:", len(SOURCES), "figures:", len(rows),
          "present mechanisms:", len(present), "grid rows:", len(mrows))


if __name__ == "__main__":
    main()
