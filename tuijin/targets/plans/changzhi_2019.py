PLAN = {"name": "changzhi_2019", "year": 2020, "source": ""}
ENTRIES = []
