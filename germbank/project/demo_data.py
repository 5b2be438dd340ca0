"""Demo content of the construction project.

The facts come from the Yuanjiang innovation plan (task 4): 10.83 million yuan in total, a
1,522.81 m² short-term store, a 5,760 m² experimental greenhouse, 20+ instruments and equipment
sets and a park IoT system at Shijihu, Qionghu Subdistrict, led by the municipal Bureau of
Agriculture and Rural Affairs with the Bureau of Science, Technology and Industry.

Everything else is ILLUSTRATIVE and flagged as such in the interface: the 2024 schedule, the
budget split (which adds up to exactly 10,830,000.00 yuan), payments, contracts, progress,
instrument models, prices and people. The status date (13 September 2024) puts the demo in the
middle of construction, with a few items late.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

D = date
PROJECT = {
    "code": "YJ-GERMPLASM-2024",
    "name": "Yuanjiang National Bast-Fibre Crop Germplasm Resource Bank",
    "name_zh": "沅江国家麻类作物种质资源库",
    "site": "琼湖街道石矶湖 (Shijihu, Qionghu Subdistrict, Yuanjiang)",
    "lead_unit": "市农业农村局 (Municipal Bureau of Agriculture and Rural Affairs)",
    "support_units": "市科工局 (Municipal Bureau of Science, Technology and Industry)",
    "total_budget": Decimal("10830000.00"),
    "planned_start": D(2024, 1, 8),
    "planned_finish": D(2024, 12, 31),
    "status_date": D(2024, 9, 13),
    "is_illustrative": True,
}
BASELINE_SAVED = D(2024, 1, 10)

LEAD = "市农业农村局"
SUPPORT = "市科工局"
DESIGN = "设计院 (design institute)"
BUILDER = "施工总承包单位 (general contractor)"
SUPPLIERS = "设备供应商 (equipment suppliers)"

# code, English, Chinese, kind, planned start, planned finish, [(predecessor, lag)], owner unit,
# contact, actual start, actual finish, % complete
TASKS = (
    ("M0", "Project start", "项目启动", "milestone", D(2024, 1, 8), D(2024, 1, 8), [],
     LEAD, "张项目", D(2024, 1, 8), D(2024, 1, 8), 100),
    ("T01", "Design: preliminary and construction drawings", "方案及施工图设计", "work_package",
     D(2024, 1, 9), D(2024, 3, 15), [("M0", 0)], DESIGN, "陈设计", D(2024, 1, 9),
     D(2024, 3, 22), 100),
    ("T02", "Tendering and award of the civil works", "土建工程招标及合同签订", "work_package",
     D(2024, 3, 16), D(2024, 4, 30), [("T01", 0)], LEAD, "张项目", D(2024, 3, 25),
     D(2024, 5, 10), 100),
    ("M1", "Civil works contracts signed", "施工合同签订", "milestone", D(2024, 4, 30),
     D(2024, 4, 30), [("T02", 0)], LEAD, "张项目", D(2024, 5, 10), D(2024, 5, 10), 100),
    ("T03", "Site preparation and foundations of the short-term store", "场地平整及短期库基础工程",
     "work_package", D(2024, 5, 1), D(2024, 6, 20), [("M1", 0)], BUILDER, "李工",
     D(2024, 5, 13), D(2024, 6, 28), 100),
    ("T04", "Main structure of the short-term store (1,522.81 m²)",
     "短期库主体结构（1522.81平方米）", "work_package", D(2024, 6, 28), D(2024, 9, 20),
     [("T03", 7)], BUILDER, "李工",
     D(2024, 7, 8), None, 60),
    ("T05", "Experimental greenhouse (5,760 m²)", "试验大棚建设（5760平方米）", "work_package",
     D(2024, 5, 15), D(2024, 8, 31), [("M1", 14)], BUILDER, "李工", D(2024, 5, 27), None, 85),
    ("M3", "Greenhouse completed and handed over", "试验大棚完工交付", "milestone",
     D(2024, 8, 31), D(2024, 8, 31), [("T05", 0)], BUILDER, "李工", None, None, 0),
    ("T12", "Access road, drainage and utilities", "园区道路、排水及配套管网", "work_package",
     D(2024, 8, 1), D(2024, 9, 10), [("M1", 0)], BUILDER, "李工", None, None, 0),
    ("T06", "Store fit-out: cold rooms, drying room, insulation", "库房装修：冷库、干燥间及保温",
     "work_package", D(2024, 9, 21), D(2024, 11, 15), [("T04", 0)], BUILDER, "李工",
     None, None, 0),
    ("T07", "Procurement of instruments and equipment (20+ sets)", "仪器设备采购（20余台套）",
     "work_package", D(2024, 5, 1), D(2024, 8, 15), [("M1", 0)], LEAD, "张项目",
     D(2024, 5, 6), D(2024, 8, 20), 100),
    ("T08", "Delivery and installation of instruments", "仪器设备到货及安装", "work_package",
     D(2024, 8, 16), D(2024, 11, 20), [("T07", 0)], SUPPLIERS, "王技术", D(2024, 8, 22),
     None, 35),
    ("T09", "Park IoT system: sensors, network and platform", "园区物联网系统：传感器、网络及平台",
     "work_package", D(2024, 10, 8), D(2024, 11, 30), [("M3", 0), ("T07", 0)], SUPPORT,
     "赵信息", None, None, 0),
    ("T10", "IoT commissioning and trial operation", "物联网系统联调及试运行", "work_package",
     D(2024, 12, 1), D(2024, 12, 15), [("T09", 0), ("T06", 0), ("T08", 0)], SUPPORT,
     "赵信息", None, None, 0),
    ("T11", "Completion inspection and acceptance", "竣工验收", "work_package",
     D(2024, 12, 16), D(2024, 12, 30), [("T10", 0)], LEAD, "张项目", None, None, 0),
    ("M2", "Bank accepted and handed over", "资源库验收交付", "milestone", D(2024, 12, 31),
     D(2024, 12, 31), [("T11", 0)], LEAD, "张项目", None, None, 0),
)

# (task code, as of, % complete, remark): the two last weeks of progress reports.
PROGRESS = (
    ("T04", D(2024, 9, 6), 50, "二层梁板钢筋绑扎完成 / second-floor slab reinforcement done"),
    ("T04", D(2024, 9, 13), 60, "二层楼板浇筑完成，进度滞后约两周 / second-floor slab poured; "
                                "about two weeks behind"),
    ("T05", D(2024, 9, 6), 80, "三跨覆膜完成 / film covering of three spans done"),
    ("T05", D(2024, 9, 12), 85, "连续降雨影响第四跨覆膜 / rain delays the fourth span"),
    ("T08", D(2024, 9, 6), 25, "干燥除湿机安装完成 / drying dehumidifier installed"),
    ("T08", D(2024, 9, 13), 35, "首批恒温恒湿机组到货 / first climate units delivered"),
)

# code, English, Chinese, planned, committed, contract, contractor, task, period start, finish
BUDGET_LINES = (
    ("B01", "Design, survey and supervision", "设计、勘察及监理", "420000.00", "415000.00",
     "YJZZK-2024-SJ-01", DESIGN, "T01", D(2024, 1, 9), D(2024, 12, 31)),
    ("B02", "Short-term store civil works (1,522.81 m²)", "短期库土建工程（1522.81平方米）",
     "4380000.00", "4268000.00", "YJZZK-2024-SG-01", BUILDER, "T04", D(2024, 5, 1),
     D(2024, 9, 20)),
    ("B03", "Store fit-out and cold rooms", "库房装修及冷库工程", "980000.00", "0.00", "", "",
     "T06", None, None),
    ("B04", "Experimental greenhouse (5,760 m²)", "试验大棚（5760平方米）", "2150000.00",
     "2098000.00", "YJZZK-2024-SG-02", BUILDER, "T05", None, None),
    ("B05", "Instruments and equipment (20+ sets)", "仪器设备（20余台套）", "2000000.00",
     "1995300.00", "YJZZK-2024-SB-01", SUPPLIERS, "T08", None, None),
    ("B06", "Park IoT system", "园区物联网系统", "560000.00", "200000.00", "YJZZK-2024-WL-01",
     SUPPORT, "T09", D(2024, 9, 1), D(2024, 12, 15)),
    ("B07", "Access road, drainage and utilities", "道路、排水及配套管网", "190000.00",
     "186500.00", "YJZZK-2024-SG-03", BUILDER, "T12", None, None),
    ("B08", "Contingency, tendering agency and other fees", "预备费、招标代理及其他费用",
     "150000.00", "63000.00", "ZB-2024-03, JC-2024-07", "招标代理及检测机构", None, None, None),
)

# line, paid on, amount, voucher, remark
PAYMENTS = (
    ("B01", D(2024, 1, 31), "126000.00", "PZ-2024-0012", "设计预付款 30% / design advance"),
    ("B01", D(2024, 3, 29), "168000.00", "PZ-2024-0047", "施工图审查通过 / drawings approved"),
    ("B01", D(2024, 6, 28), "41500.00", "PZ-2024-0103", "监理费 / supervision"),
    ("B02", D(2024, 5, 20), "1280400.00", "PZ-2024-0081", "预付款 30% / advance"),
    ("B02", D(2024, 7, 31), "853600.00", "PZ-2024-0132", "进度款 / progress payment"),
    ("B02", D(2024, 8, 30), "853600.00", "PZ-2024-0151", "进度款 / progress payment"),
    ("B04", D(2024, 5, 31), "629400.00", "PZ-2024-0090", "预付款 30% / advance"),
    ("B04", D(2024, 7, 15), "629400.00", "PZ-2024-0121", "钢构完成 / steel frame done"),
    ("B04", D(2024, 8, 30), "419600.00", "PZ-2024-0152", "进度款 / progress payment"),
    ("B05", D(2024, 8, 26), "598590.00", "PZ-2024-0147", "设备预付款 30% / advance"),
    ("B06", D(2024, 9, 10), "60000.00", "PZ-2024-0160", "物联网预付款 / IoT advance"),
    ("B08", D(2024, 3, 10), "35000.00", "PZ-2024-0031", "招标代理费 / tendering agency"),
    ("B08", D(2024, 7, 10), "28000.00", "PZ-2024-0115", "检测费 / testing fees"),
)

# code, English, Chinese, unit, target, achieved, measured by, evidence
DELIVERABLES = (
    ("D01", "Short-term store", "短期库", "m²", "1522.81", "0", "manual",
     "主体结构施工中（约60%），竣工后按实测面积计入 / structure 60 % built; counted at handover"),
    ("D02", "Experimental greenhouse", "试验大棚", "m²", "5760", "4320", "manual",
     "三跨钢构及覆膜完成（4320平方米），第四跨覆膜中 / three of four spans finished"),
    ("D03", "New instruments and equipment", "新增仪器设备", "台（套）", "20", "0",
     "instruments_installed", "按仪器设备登记表中已安装数量自动统计 / counted from the register"),
    ("D04", "Park IoT system", "园区物联网系统", "套", "1", "0", "manual",
     "合同已签订，平台部署待库房装修完成 / contracted; platform after fit-out"),
)

# code, English, Chinese, model, supplier, price, line, delivery due, delivered, installed,
# acceptance, accepted on, location code, device code
INSTRUMENTS = (
    ("IN01", "Climate control unit, short-term room 1", "恒温恒湿机组（一号间）", "HF-12C",
     "湘冷设备",
     "186000.00", "B05", D(2024, 9, 10), D(2024, 9, 9), None, "pending", None, "ST1-R1",
     "th-st1-r1-01"),
    ("IN02", "Climate control unit, short-term room 2", "恒温恒湿机组（二号间）", "HF-12C",
     "湘冷设备",
     "186000.00", "B05", D(2024, 9, 10), D(2024, 9, 9), None, "pending", None, "ST1-R2",
     "th-st1-r2-01"),
    ("IN03", "Refrigeration unit, medium-term room", "中期库制冷机组", "LK-4D", "湘冷设备",
     "248000.00", "B05", D(2024, 10, 15), None, None, "pending", None, "ST1-R3",
     "th-st1-r3-01"),
    ("IN04", "Seed drying dehumidifier", "种子干燥除湿机", "CS-20", "华南干燥", "96000.00", "B05",
     D(2024, 8, 30), D(2024, 8, 28), D(2024, 9, 4), "pending", None, "ST1-DRY",
     "th-st1-dry-01"),
    ("IN05", "Seed moisture meter", "种子水分测定仪", "SM-3", "长沙仪器", "18600.00", "B05",
     D(2024, 8, 30), D(2024, 8, 27), D(2024, 8, 29), "passed", D(2024, 9, 10), "ST1-DRY", None),
    ("IN06", "Seed germination chamber", "种子发芽箱", "GC-450", "长沙仪器", "42800.00", "B05",
     D(2024, 9, 30), None, None, "pending", None, None, None),
    ("IN07", "Artificial climate chamber", "人工气候箱", "RXZ-500", "长沙仪器", "88500.00", "B05",
     D(2024, 9, 30), None, None, "pending", None, None, None),
    ("IN08", "Electronic balance (0.001 g)", "电子天平（0.001克）", "EB-2203", "长沙仪器",
     "9800.00", "B05", D(2024, 8, 30), D(2024, 8, 27), D(2024, 8, 29), "passed",
     D(2024, 9, 10), "ST1-DRY", None),
    ("IN09", "Automatic seed counter", "自动数粒仪", "SC-6", "长沙仪器", "26400.00", "B05",
     D(2024, 8, 30), D(2024, 8, 27), D(2024, 9, 2), "pending", None, "ST1-DRY", None),
    ("IN10", "Vacuum packaging machine", "真空包装机", "VP-400", "湘包机械", "15200.00", "B05",
     D(2024, 8, 30), D(2024, 8, 28), D(2024, 9, 3), "pending", None, "ST1-DRY", None),
    ("IN11", "Ultra-low temperature freezer (−80 °C)", "超低温冰箱（−80℃）", "DW-86L", "长沙仪器",
     "78000.00", "B05", D(2024, 9, 10), D(2024, 9, 11), None, "pending", None, "ST1-R3", None),
    ("IN12", "Fibre fineness analyser", "纤维细度分析仪", "FF-10", "纺检仪器", "132000.00", "B05",
     D(2024, 8, 31), None, None, "pending", None, None, None),
    ("IN13", "Single-fibre strength tester", "单纤维强力仪", "YG-006", "纺检仪器", "118000.00",
     "B05", D(2024, 8, 31), None, None, "pending", None, None, None),
    ("IN14", "Plant canopy analyser", "植物冠层分析仪", "PCA-2", "农科仪器", "96000.00", "B05",
     D(2024, 10, 31), None, None, "pending", None, None, None),
    ("IN15", "Portable photosynthesis system", "便携式光合仪", "PS-6800", "农科仪器",
     "238000.00", "B05", D(2024, 10, 31), None, None, "pending", None, None, None),
    ("IN16", "Greenhouse environment station, bay 1", "大棚环境监测站（一区）", "ENV-4", "物联传感",
     "68000.00", "B06", D(2024, 9, 5), D(2024, 9, 2), D(2024, 9, 5), "pending", None, "GH1-B1",
     "env-gh1-b1-01"),
    ("IN17", "Greenhouse environment station, bay 2", "大棚环境监测站（二区）", "ENV-4", "物联传感",
     "68000.00", "B06", D(2024, 9, 5), D(2024, 9, 2), D(2024, 9, 5), "pending", None, "GH1-B2",
     "env-gh1-b2-01"),
    ("IN18", "Soil moisture station, bay 1", "土壤墒情监测仪（一区）", "SOIL-3", "物联传感",
     "32000.00", "B06", D(2024, 10, 20), None, None, "pending", None, "GH1-B1", "soil-gh1-b1-01"),
    ("IN19", "Soil moisture station, bay 2", "土壤墒情监测仪（二区）", "SOIL-3", "物联传感",
     "32000.00", "B06", D(2024, 10, 20), None, None, "pending", None, "GH1-B2", "soil-gh1-b2-01"),
    ("IN20", "Irrigation and fertigation system", "水肥一体化灌溉系统", "FI-200", "农科仪器",
     "176000.00", "B05", D(2024, 10, 15), None, None, "pending", None, "GH1", None),
    ("IN21", "Compact mobile shelving, room 1", "密集架（一号间）", "MJ-7", "湘包机械", "128000.00",
     "B05", D(2024, 10, 31), None, None, "pending", None, "ST1-R1", None),
    ("IN22", "Standby generator set", "备用发电机组", "GF-100", "湘冷设备", "112000.00", "B05",
     D(2024, 11, 15), None, None, "pending", None, None, None),
)

# kind, title, owner, impact, status, raised, due, task, response
RISKS = (
    ("risk", "雨季影响大棚第四跨覆膜 / Rainy season delays film on the fourth greenhouse span",
     "施工总承包单位 李工", "high", "mitigating", D(2024, 8, 20), D(2024, 9, 20), "T05",
     "抢晴天作业，增加一个作业班组 / work dry days, add a crew"),
    ("issue", "纺织检测仪器供货延迟 / Fibre testing instruments delivered late",
     "设备供应商 王技术", "medium", "open", D(2024, 9, 2), D(2024, 9, 10), "T08",
     "已发函催货，约定9月底前到货 / supplier reminded; delivery promised by end of September"),
    ("risk", "冷库工程尚未确定施工单位 / Cold-room contractor not yet selected",
     "市农业农村局 张项目", "high", "open", D(2024, 8, 15), D(2024, 9, 30), "T06",
     "9月下旬完成招标 / tender to close late September"),
    ("risk", "大棚远端物联网信号覆盖不足 / Weak IoT coverage at the far end of the greenhouse",
     "市科工局 赵信息", "medium", "open", D(2024, 9, 1), D(2024, 10, 31), "T09",
     "增设一台LoRa网关 / add a LoRa gateway"),
    ("issue", "干燥间通风设计变更 / Design change to drying-room ventilation",
     "设计院 陈设计", "low", "closed", D(2024, 3, 5), D(2024, 4, 15), "T01",
     "变更图纸已审批 / revised drawings approved"),
)
