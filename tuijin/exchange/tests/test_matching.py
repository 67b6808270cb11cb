from tuijin.exchange.matching import Matcher, normal_name

PROJECTS = [(1, "2104-211102-89-01-596340", "盘锦港30万吨级航道工程", 10),
            (2, None, "双台子区污水处理厂提标改造项目", 10),
            (3, None, "兴隆台区污水处理厂提标改造项目", 20)]


def test_a_row_is_the_project_with_its_code_wherever_its_name_or_region():
    found = Matcher(PROJECTS).match(" 2104-211102-89-01-596340 ", "另一个名字", 99)
    assert (found.kind, found.project_id) == ("code", 1)


def test_the_same_name_in_the_same_region_once_brackets_markers_and_spaces_are_dropped():
    assert normal_name("★（双台子区） 污水处理厂") == "双台子区污水处理厂"
    found = Matcher(PROJECTS).match("", "★双台子区污水处理厂提标改造项目（续建）", 10)
    assert found.kind == "similar" and found.project_id == 2  # "续建" added: close, for the user to decide
    assert Matcher(PROJECTS).match("", "双台子区 污水处理厂提标改造项目", 10).kind == "name"


def test_only_the_projects_of_the_rows_region_are_compared():
    # Region 20 has no "双台子区…" project; its own "兴隆台区…" differs in two characters of fifteen (ratio
    # 0.87): a possible duplicate for the user to look at — never region 10's project of the same name.
    found = Matcher(PROJECTS).match("", "双台子区污水处理厂提标改造项目", 20)
    assert (found.kind, found.project_id, found.ratio) == ("similar", 3, 0.87)
    assert Matcher(PROJECTS).match("", "盘锦港30万吨级航道工程", 20).kind == ""


def test_a_close_name_among_many_alike_is_found_as_a_possible_duplicate():
    # A district of 1,500 names built as the demo city's are (many share their words); a row is a name with
    # 续建 added, a character changed or one dropped. Every such row within SIMILAR of its source must be
    # flagged, against that name or one at least as close.
    import random
    from difflib import SequenceMatcher

    from tuijin.demo import projects as demo
    from tuijin.exchange.matching import SIMILAR

    rng = random.Random(19)
    names = set()
    while len(names) < 1500:
        template = rng.choice(rng.choice(list(demo.NAME_TEMPLATES.values())))
        name = template.format(n=rng.randint(1, 300), product=rng.choice(demo.PRODUCTS), place=rng.choice(demo.PLACES),
                               road=rng.choice(demo.ROADS))
        names.add(rng.choice(demo.OWNER_WORDS) + rng.choice(demo.OWNER_KINDS) + name if rng.random() < 0.5 else name)
    names = sorted(names)
    matcher = Matcher([(i, None, name, 1) for i, name in enumerate(names)])
    letters = "".join(sorted(set("".join(names))))
    checked = missed = 0
    for _ in range(400):
        source = rng.choice(names)
        row = list(source)
        way = rng.random()
        if way < 0.3:
            row += list("（续建）")
        elif way < 0.65:
            row[rng.randrange(len(row))] = rng.choice(letters)
        else:
            del row[rng.randrange(len(row))]
        row = "".join(row)
        key, source_key = normal_name(row), normal_name(source)
        if key == source_key or SequenceMatcher(None, key, source_key).ratio() < SIMILAR:
            continue
        checked += 1
        found = matcher.match("", row, 1)
        if found.kind not in ("similar", "name") or found.ratio < SequenceMatcher(None, key, source_key).ratio() - 0.005:
            missed += 1
    assert checked > 200
    assert missed <= checked // 50, (missed, checked)  # at most 2 % missed
