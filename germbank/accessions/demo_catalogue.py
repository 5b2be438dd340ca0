"""The tables the demo collection is drawn from: crops, collecting sites, names, introductions.

Plausible, not real: the sites are real counties with their approximate coordinates, the
names follow how Chinese bast-fibre landraces and cultivars are named, and the holding
institute's WIEWS code is illustrative (it stands for the Institute of Bast Fiber Crops of
CAAS, whose real code was not checked). Nothing here should be cited as data.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_INSTCODE = "CHN139"  # illustrative WIEWS code, see the module docstring
DEMO_INSTITUTE = (
    "Institute of Bast Fiber Crops, Chinese Academy of Agricultural Sciences",
    "中国农业科学院麻类研究所",
    "Yuanjiang, Hunan 413100, China (illustrative)",
)


@dataclass(frozen=True)
class DemoCrop:
    """A crop of the demo and how its accessions are kept and named."""

    code: str
    name_en: str
    name_zh: str
    propagation: str
    pollination: str
    taxa: tuple[tuple[str, str, str], ...]  # genus, species, authority
    prefix: str  # accession number prefix (pinyin initials of the Chinese crop name)
    count: int
    provinces: tuple[str, ...]
    traits: tuple[tuple[str, str], ...]  # landrace name parts (zh, pinyin)
    cultivars: tuple[tuple[str, str], ...]  # cultivar series (zh, pinyin)
    introductions: tuple[tuple[str, str], ...]  # (name, ISO 3166 origin)
    thousand_seed_weight: tuple[float, float] = (0.0, 0.0)
    yearly_loss_pct: float = 1.0  # germination lost per year in the short-term store
    wild_share: float = 0.05


CROPS: tuple[DemoCrop, ...] = (
    DemoCrop("ramie", "Ramie", "苎麻", "clonal", "cross",
             (("Boehmeria", "nivea", "(L.) Gaudich."),), "ZM", 70,
             ("hunan", "hubei", "sichuan", "jiangxi", "guangxi"),
             (("黄壳早", "Huangke Zao"), ("芦竹青", "Luzhu Qing"), ("大红皮", "Dahong Pi"),
              ("细叶绿", "Xiye Lü"), ("鸡骨白", "Jigu Bai"), ("青皮麻", "Qingpi Ma"),
              ("白里子", "Baili Zi"), ("黑皮蔸", "Heipi Dou"), ("圆叶青", "Yuanye Qing"),
              ("红心麻", "Hongxin Ma")),
             (("中苎", "Zhongzhu"), ("湘苎", "Xiangzhu"), ("川苎", "Chuanzhu"),
              ("华苎", "Huazhu"), ("赣苎", "Ganzhu")),
             (("Miyazaki 112", "JPN"), ("Murakami", "JPN"))),
    DemoCrop("kenaf", "Kenaf", "红麻", "seed", "self",
             (("Hibiscus", "cannabinus", "L."),), "HM", 50,
             ("guangxi", "henan", "zhejiang", "anhui"),
             (("青皮", "Qingpi"), ("红皮", "Hongpi"), ("圆叶", "Yuanye"), ("裂叶", "Lieye"),
              ("早熟", "Zaoshu"), ("晚熟", "Wanshu")),
             (("中红麻", "Zhonghongma"), ("福红", "Fuhong"), ("湘红", "Xianghong")),
             (("Everglades 41", "USA"), ("Tainung 2", "TWN"), ("Cuba 2032", "CUB"),
              ("HC 583", "IND"), ("Khon Kaen 60", "THA")),
             (25.0, 35.0), 1.2),
    DemoCrop("jute", "Jute", "黄麻", "seed", "self",
             (("Corchorus", "capsularis", "L."), ("Corchorus", "olitorius", "L.")), "HUM", 40,
             ("zhejiang", "fujian", "guangxi", "jiangxi"),
             (("长果", "Changguo"), ("圆果", "Yuanguo"), ("红茎", "Hongjing"),
              ("青茎", "Qingjing"), ("矮秆", "Aigan")),
             (("中黄麻", "Zhonghuangma"), ("闽麻", "Minma")),
             (("JRO 524", "IND"), ("JRC 212", "IND"), ("CVL-1", "BGD"), ("O-9897", "BGD")),
             (1.8, 4.0), 1.5),
    DemoCrop("hemp", "Hemp", "大麻", "seed", "cross",
             (("Cannabis", "sativa", "L."),), "DM", 40,
             ("yunnan", "anhui", "heilongjiang", "shandong"),
             (("线麻", "Xianma"), ("火麻", "Huoma"), ("寒麻", "Hanma"), ("籽麻", "Zima"),
              ("高秆", "Gaogan")),
             (("云麻", "Yunma"), ("皖麻", "Wanma"), ("龙麻", "Longma")),
             (("Fedora 17", "FRA"), ("Futura 75", "FRA"), ("USO 31", "UKR"), ("Finola", "FIN")),
             (15.0, 25.0), 3.0),
    DemoCrop("flax", "Flax", "亚麻", "seed", "self",
             (("Linum", "usitatissimum", "L."),), "YM", 40,
             ("heilongjiang", "gansu", "neimenggu", "shanxi"),
             (("油麻", "Youma"), ("胡麻", "Huma"), ("白花", "Baihua"), ("蓝花", "Lanhua")),
             (("黑亚", "Heiya"), ("双亚", "Shuangya"), ("陇亚", "Longya")),
             (("Ariane", "FRA"), ("Viking", "FRA"), ("Agatha", "NLD"), ("Mogilevsky", "BLR")),
             (4.0, 6.5), 0.8),
    DemoCrop("sisal", "Sisal", "剑麻", "clonal", "cross",
             (("Agave", "sisalana", "Perrine"),), "JM", 15,
             ("guangxi", "guangdong", "hainan"),
             (("剑麻", "Jianma"), ("番麻", "Fanma")),
             (("东", "Dong"),),
             (("H.11648", "TZA"),)),
    DemoCrop("apocynum", "Dogbane", "罗布麻", "clonal", "cross",
             (("Apocynum", "venetum", "L."),), "LBM", 20,
             ("xinjiang", "gansu"),
             (("红花罗布麻", "Honghua Luobuma"), ("白麻", "Baima"), ("茶叶花", "Chayehua")),
             (), (), wild_share=0.8),
    DemoCrop("abutilon", "China jute", "苘麻", "seed", "self",
             (("Abutilon", "theophrasti", "Medik."),), "QM", 25,
             ("henan", "shandong", "hebei"),
             (("青麻", "Qingma"), ("白麻", "Baima"), ("野苘", "Yeqing")),
             (), (), (8.0, 10.0), 0.8, wild_share=0.3),
)

# province key -> (province zh, province en, abbreviation, counties)
# county: (zh, pinyin, latitude, longitude, elevation m)
SITES: dict[str, tuple[str, str, str, tuple[tuple[str, str, float, float, int], ...]]] = {
    "hunan": ("湖南省", "Hunan", "HN", (
        ("沅江", "Yuanjiang", 28.84, 112.36, 32), ("浏阳", "Liuyang", 28.16, 113.64, 95),
        ("桃江", "Taojiang", 28.52, 112.16, 60), ("汉寿", "Hanshou", 28.91, 111.97, 35))),
    "hubei": ("湖北省", "Hubei", "HB", (
        ("咸宁", "Xianning", 29.84, 114.32, 60), ("阳新", "Yangxin", 29.83, 115.21, 40),
        ("大冶", "Daye", 30.10, 114.97, 45))),
    "sichuan": ("四川省", "Sichuan", "SC", (
        ("达州", "Dazhou", 31.21, 107.47, 310), ("大竹", "Dazhu", 30.74, 107.20, 400),
        ("渠县", "Quxian", 30.84, 106.97, 290))),
    "jiangxi": ("江西省", "Jiangxi", "JX", (
        ("宜春", "Yichun", 27.81, 114.42, 110), ("分宜", "Fenyi", 27.81, 114.69, 90),
        ("上高", "Shanggao", 28.23, 114.92, 70))),
    "guangxi": ("广西壮族自治区", "Guangxi", "GX", (
        ("南宁", "Nanning", 22.82, 108.37, 80), ("玉林", "Yulin", 22.64, 110.15, 90),
        ("百色", "Baise", 23.90, 106.62, 130))),
    "yunnan": ("云南省", "Yunnan", "YN", (
        ("楚雄", "Chuxiong", 25.04, 101.55, 1780), ("文山", "Wenshan", 23.37, 104.24, 1270),
        ("西双版纳", "Xishuangbanna", 22.01, 100.80, 560))),
    "heilongjiang": ("黑龙江省", "Heilongjiang", "HLJ", (
        ("兰西", "Lanxi", 46.26, 126.29, 150), ("克山", "Keshan", 48.04, 125.87, 240),
        ("绥化", "Suihua", 46.64, 126.99, 180))),
    "xinjiang": ("新疆维吾尔自治区", "Xinjiang", "XJ", (
        ("尉犁", "Yuli", 41.34, 86.26, 890), ("若羌", "Ruoqiang", 39.02, 88.17, 890),
        ("库尔勒", "Korla", 41.76, 86.15, 930))),
    "gansu": ("甘肃省", "Gansu", "GS", (
        ("定西", "Dingxi", 35.58, 104.63, 1900), ("张掖", "Zhangye", 38.93, 100.45, 1480))),
    "neimenggu": ("内蒙古自治区", "Inner Mongolia", "NM", (
        ("乌兰察布", "Ulanqab", 41.00, 113.13, 1420), ("赤峰", "Chifeng", 42.26, 118.89, 570))),
    "shanxi": ("山西省", "Shanxi", "SX", (("大同", "Datong", 40.08, 113.30, 1040),)),
    "henan": ("河南省", "Henan", "HA", (
        ("信阳", "Xinyang", 32.13, 114.09, 75), ("南阳", "Nanyang", 33.00, 112.53, 130))),
    "zhejiang": ("浙江省", "Zhejiang", "ZJ", (("萧山", "Xiaoshan", 30.16, 120.26, 8),)),
    "anhui": ("安徽省", "Anhui", "AH", (("六安", "Lu'an", 31.73, 116.52, 60),)),
    "shandong": ("山东省", "Shandong", "SD", (
        ("莱芜", "Laiwu", 36.21, 117.68, 230), ("泰安", "Tai'an", 36.19, 117.09, 150))),
    "fujian": ("福建省", "Fujian", "FJ", (("莆田", "Putian", 25.45, 119.01, 15),)),
    "guangdong": ("广东省", "Guangdong", "GD", (("湛江", "Zhanjiang", 21.27, 110.36, 25),)),
    "hainan": ("海南省", "Hainan", "HI", (("东方", "Dongfang", 19.10, 108.65, 40),)),
    "hebei": ("河北省", "Hebei", "HE", (("安国", "Anguo", 38.42, 115.33, 30),)),
}

PLANT_BEDS = {"ramie": ("GH1-B1-BED01", "GH1-B1-BED02"), "sisal": ("GH1-B2-BED01",),
              "apocynum": ("GH1-B2-BED01",)}
SEED_SHELVES = ("ST1-R1-S01", "ST1-R1-S02", "ST1-R2-S01")
MEDIUM_TERM_SHELF = "ST1-R3-S01"
DRYING_ROOM = "ST1-DRY"

RAMIE_TRAITS = (
    ("plant height", "cm", 150, 260, 0),
    ("stem diameter", "mm", 9, 15, 1),
    ("fibre fineness", "Nm", 1200, 2500, 0),
    ("fibre yield from fresh bark", "%", 8, 14, 1),
)
