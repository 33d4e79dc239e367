from __future__ import annotations

import pytest

from govservice import InvalidValueError
from govservice.matters import Center, CenterHierarchy, CenterLevel, sample_hierarchy

SAMPLE = sample_hierarchy()


def test_sample_is_three_levels_and_a_village() -> None:
    levels = {c.level for c in SAMPLE}
    assert levels == {CenterLevel.CITY, CenterLevel.COUNTY, CenterLevel.TOWNSHIP,
                      CenterLevel.VILLAGE}  # fmt: skip
    assert [c.id for c in SAMPLE.roots] == ["示例市政务服务中心"]
    assert SAMPLE.subtree("示例县政务服务中心") == (
        "示例县政务服务中心",
        "城关镇便民服务中心",
        "东门村便民服务站",
        "东山乡便民服务中心",
    )
    assert len(SAMPLE.subtree("示例市政务服务中心")) == len(SAMPLE)
    assert [c.id for c in SAMPLE.ancestors("东门村便民服务站")] == [
        "城关镇便民服务中心",
        "示例县政务服务中心",
        "示例市政务服务中心",
    ]
    assert SAMPLE.is_above("示例市政务服务中心", "东山乡便民服务中心")
    assert not SAMPLE.is_above("示例区政务服务中心", "东山乡便民服务中心")
    assert SAMPLE["示例市政务服务中心"].label == "示例市行政审批服务中心"


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(InvalidValueError) as info:
        CenterHierarchy(
            [
                Center("A", CenterLevel.COUNTY),
                Center("A", CenterLevel.COUNTY),
                Center("B", CenterLevel.TOWNSHIP, "X"),
                Center("C", CenterLevel.CITY, "A"),
            ]
        )
    message = str(info.value)
    assert "A: id used twice" in message
    assert "parent 'X'" in message
    assert "C: parent A (county) is not above city" in message


def test_mapping_round_trip_and_bad_mappings() -> None:
    assert CenterHierarchy.from_mapping(SAMPLE.to_mapping()) == SAMPLE
    with pytest.raises(InvalidValueError, match="level"):
        CenterHierarchy.from_mapping({"centers": [{"id": "a", "level": "galaxy"}]})
    with pytest.raises(InvalidValueError, match="centers"):
        CenterHierarchy.from_mapping({"centers": [{"id": "a"}]})
    with pytest.raises(InvalidValueError, match="center"):
        SAMPLE["nowhere"]
