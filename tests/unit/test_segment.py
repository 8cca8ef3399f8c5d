"""Chinese and Thai words for the candidate finder: registered names whole, offsets exact, nothing shared."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.text.segment import REGISTERED, chinese_words, thai_words


def test_registered_chinese_names_are_one_word_with_exact_offsets() -> None:
    text = "上海技术交易所与越南建立了长期技术合作。"
    words = chinese_words(text, ["上海技术交易所", "越南"])
    assert [w.text for w in words][:3] == ["上海技术交易所", "与", "越南"]
    assert words[0].tag == REGISTERED and words[2].tag == REGISTERED
    assert all(text[w.start : w.end] == w.text for w in words)
    assert "".join(w.text for w in words) == text


def test_the_dictionary_gives_tags_and_heads_stay_at_word_boundaries() -> None:
    """部 ends 外交部 but is inside 部署: the finder applies its heads to whole words."""
    words = {w.text: w.tag for w in chinese_words("外交部进行工作部署", [])}
    assert words["外交部"] == "nt" and "部署" in words


def test_the_global_jieba_tokenizer_is_left_alone() -> None:
    """Names go into a private tokenizer; jieba's default one is never loaded (no cache file) nor taught them."""
    import jieba

    name = "昆士兰上海科技创新论坛"
    chinese_words(f"举办{name}。", [name])
    assert not jieba.dt.initialized and name not in jieba.dt.FREQ


def test_segmentation_is_deterministic_whatever_the_order_of_names() -> None:
    text = "中新广州知识城和揭阳中德金属生态城是合作平台。"
    names = ["广州", "揭阳", "中德金属生态城"]
    assert chinese_words(text, names) == chinese_words(text, list(reversed(names))) == chinese_words(text, names)


def test_text_without_the_script_is_not_segmented() -> None:
    assert chinese_words("Shanghai Technology Exchange", ["上海"]) == []
    assert thai_words("上海技术交易所", ["เซี่ยงไฮ้"]) == []


def test_thai_registered_names_are_one_word_and_spaces_are_words() -> None:
    text = "รัฐบาลนครฉงชิ่ง และรัฐบาลมณฑลเสฉวน"
    words = thai_words(text, ["นครฉงชิ่ง", "มณฑลเสฉวน"])
    assert [w.text for w in words] == ["รัฐบาล", "นครฉงชิ่ง", " ", "และ", "รัฐบาล", "มณฑลเสฉวน"]
    assert [w.tag for w in words if w.tag == REGISTERED] == [REGISTERED, REGISTERED]
    assert all(text[w.start : w.end] == w.text for w in words)


@pytest.mark.parametrize("module", ["kg.text.coverage", "kg.ingest.link", "kg.cli"])
def test_importing_the_finder_does_not_import_the_segmenters(module: str) -> None:
    """jieba and PyThaiNLP load on first use, so commands that never segment start as fast as before."""
    code = f"import sys, {module}; print('jieba' in sys.modules, 'pythainlp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_the_thai_trie_holds_the_names_of_the_current_registry_only() -> None:
    """One trie serves every registry: a name of the previous one no longer joins words."""
    text = "ศูนย์เจียงเหมียนเป็นศูนย์"
    first = [w.text for w in thai_words(text, ["เจียงเหมียน"])]
    assert "เจียงเหมียน" in first
    assert "เจียงเหมียน" not in [w.text for w in thai_words(text, ["เหมียนเป็น"])]
    assert [w.text for w in thai_words(text, ["เจียงเหมียน"])] == first
