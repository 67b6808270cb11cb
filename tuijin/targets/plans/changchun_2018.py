PLAN = {"name": "changchun_2018", "year": 2020, "source": ""}
ENTRIES = []
