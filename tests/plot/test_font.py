from __future__ import annotations

import io

from matplotlib.figure import Figure

from govservice.plot import chinese_charts, chinese_font, font_path, register_chinese_font


def test_chinese_labels_render_with_no_missing_glyph() -> None:
    # The suite turns warnings into errors: a missing glyph ("Glyph ... missing from font")
    # would fail this test.
    fig = Figure()
    ax = fig.subplots()
    ax.bar(["市场监管局", "自然资源局", "住建局"], [99.1, 98.4, 100.0])
    ax.set_title("按时办结率（2025年5月）", fontproperties=chinese_font(14))
    for label in ax.get_xticklabels():
        label.set_fontproperties(chinese_font())
    fig.savefig(io.BytesIO(), format="png")


def test_the_context_restores_global_settings() -> None:
    import matplotlib

    before = list(matplotlib.rcParams["font.family"])
    with chinese_charts():
        assert matplotlib.rcParams["font.family"][0] == register_chinese_font()
    assert list(matplotlib.rcParams["font.family"]) == before


def test_font_file_is_shipped() -> None:
    assert font_path().is_file()
    assert font_path().stat().st_size > 1_000_000
