PLAN = {"name": "dalian_2023", "year": 2020, "source": ""}
ENTRIES = []
