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
