PLAN = {"name": "yuqing", "year": 2020, "source": ""}
ENTRIES = []
