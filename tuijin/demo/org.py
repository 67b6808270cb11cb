"""The demo city's organisation: 盘锦市 with its real GB/T 2260 codes, departments, leaders, accounts.

Development zones have no GB/T 2260 code of their own; they carry codes of the 71-series the
statistics office uses for functional zones (marked as such). People's names are synthetic.
"""

from tuijin.org.models import LeaderRank, RegionKind

PROVINCE = ("210000", "辽宁省", "辽宁", RegionKind.PROVINCE)
CITY = ("211100", "盘锦市", "盘锦", RegionKind.CITY)
REGIONS = [
    ("211102", "双台子区", "双台子", RegionKind.DISTRICT),
    ("211103", "兴隆台区", "兴隆台", RegionKind.DISTRICT),
    ("211104", "大洼区", "大洼", RegionKind.DISTRICT),
    ("211122", "盘山县", "盘山", RegionKind.COUNTY),
    ("211171", "辽东湾新区", "辽东湾", RegionKind.ZONE),
    ("211172", "盘锦高新技术产业开发区", "高新区", RegionKind.ZONE),
]
DEPARTMENTS = [
    ("fgw", "市发展和改革委员会"),
    ("gxj", "市工业和信息化局"),
    ("zrzyj", "市自然资源局"),
    ("zjj", "市住房和城乡建设局"),
    ("sthjj", "市生态环境局"),
    ("jtysj", "市交通运输局"),
    ("slj", "市水利局"),
    ("swj", "市商务局"),
    ("czj", "市财政局"),
    ("yshjj", "市营商环境建设局"),
    ("kjj", "市科学技术局"),
    ("wjw", "市卫生健康委员会"),
    ("jyj", "市教育局"),
    ("nyncj", "市农业农村局"),
]
LEADERS = [
    ("周明远", "市长", LeaderRank.MAYOR),
    ("陈立新", "常务副市长", LeaderRank.EXECUTIVE_VICE_MAYOR),
    ("刘海涛", "副市长", LeaderRank.VICE_MAYOR),
    ("孙静怡", "副市长", LeaderRank.VICE_MAYOR),
    ("赵国栋", "副市长", LeaderRank.VICE_MAYOR),
    ("吴晓峰", "副市长", LeaderRank.VICE_MAYOR),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建国", "海燕", "志强", "丽娜", "晓东", "春梅", "宏伟", "玉兰", "国庆", "秀英", "立军", "红霞", "德胜",
         "雪梅", "永刚", "桂芳", "文博", "慧敏", "俊杰", "雅琴", "子涵", "浩然", "思远", "欣怡"]
SECRETARY_COUNT = 200
OWNER_COUNT = 20
