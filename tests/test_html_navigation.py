"""A saved press-release page's navigation links ("Back to top", 報道発表へ戻る, 印刷用ページ) are never the text of its
last section: the HTML reader leaves out a block that is one short link where the page's structure says navigation
(``ingest.html.navigation_links``), and keeps a link that is the document's content."""

from __future__ import annotations

from laomap.ingest.html import html_text

# Written for this test in the style of an older ministry page: the body and its links in one layout table.
PAGE_JA = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="Shift_JIS"><title>ラオスに対する無償資金協力（上水道整備計画）に関する書簡の交換 | 外務省</title></head>
<body><a name="top" id="top"></a>
<div id="header"><ul class="gnav"><li><a href="/mofaj/index.html">ホーム</a></li><li><a href="/mofaj/press/">報道・広報</a></li></ul></div>
<table width="100%" summary="本文"><tr><td>
<p class="category">報道発表</p>
<h1>ラオス人民民主共和国に対する無償資金協力「地方都市上水道整備計画」に関する書簡の交換</h1>
<p class="date">令和7年2月14日</p>
<p>1　2月14日（現地時間同日），ラオス人民民主共和国の首都ビエンチャンにおいて，我が方駐ラオス日本国大使と，先方ラオス外務副大臣との間で，供与額9.8億円の無償資金協力「地方都市上水道整備計画」に関する書簡の交換が行われました。</p>
<p>2　この計画は，ボリカムサイ県の県都において浄水場及び配水管を整備するものです。これにより，約5万人の住民に安全な水が供給されることが期待されます。</p>
<p>（参考）詳しくは<a href="/mofaj/gaiko/oda/laos.html">対ラオス国別開発協力方針</a>をご覧ください。</p>
<p><a href="/mofaj/files/100099999.pdf">署名された書簡（PDF）</a></p>
</td></tr>
<tr><td align="right"><a href="javascript:void(0)" onclick="window.print(); return false;">印刷用ページ</a></td></tr>
<tr><td align="right"><a href="#top">ページのトップへ戻る</a></td></tr>
<tr><td class="backlink"><a href="/mofaj/press/release/index.html">報道発表へ戻る</a></td></tr>
</table>
<div id="footer"><p><a href="/mofaj/sitepolicy/">サイトポリシー</a></p><p>Copyright: Ministry of Foreign Affairs of Japan</p></div>
</body></html>
"""

PAGE_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Exchange of Notes concerning Grant Aid to the Lao PDR | Ministry of Foreign Affairs of Japan</title></head>
<body><div id="main">
<h1>Exchange of Notes concerning Grant Aid to the Lao People's Democratic Republic</h1>
<p>February 14, 2025</p>
<p>On February 14, in Vientiane, the Ambassador of Japan and the Vice Minister of Foreign Affairs of the Lao PDR exchanged notes concerning grant aid of up to 980 million yen for the Project for Water Supply in Provincial Towns.</p>
<p>The project will build a water treatment plant and distribution pipes in the capital of Bolikhamxay Province, bringing safe water to about 50,000 people.</p>
<p class="return"><a href="/region/asia-paci/laos/index.html">Return to Press Releases</a></p>
<div class="page-top"><a href="#header">Back to top</a></div>
</div></body></html>
"""


def test_navigation_links_of_a_japanese_page_are_left_out_and_its_content_kept():
    text, _ = html_text(PAGE_JA.encode("cp932"), "press.html")
    for furniture in ("印刷用ページ", "ページのトップへ戻る", "報道発表へ戻る"):
        assert furniture not in text
    assert "約5万人の住民に安全な水が供給されることが期待されます。" in text
    assert "詳しくは対ラオス国別開発協力方針をご覧ください。" in text  # a link inside a sentence is the sentence's
    assert "署名された書簡（PDF）" in text  # a link alone, but not navigation: the document's own


def test_navigation_links_of_an_english_page_are_left_out():
    text, _ = html_text(PAGE_EN.encode("utf-8"), "press-en.html")
    assert "Back to top" not in text and "Return to Press Releases" not in text
    assert text.rstrip().endswith("bringing safe water to about 50,000 people.")
