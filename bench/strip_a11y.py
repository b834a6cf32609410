"""Turns a checkout of main (after c7ae49a) into "the same code without issue 25's run-time additions", for
bench_dashboard.py --only first-paint --against: no Japanese web font (@import) in page, Present or map frame, no
accessibility sheet or script in the page, no keyboard layer (stops, names, reading order), main landmark or heading in
the map's frame. Run in that checkout's root: python3 <this checkout>/bench/strip_a11y.py (never in the checkout you work in)."""
from pathlib import Path


def sub(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


sub("src/laomap/ui/look.py", "sheets = [web_font_import(), font_face_css(), stylesheet(), accessibility_css()]",
    "sheets = [font_face_css(), stylesheet()]")
sub("src/laomap/ui/look.py", "    st.html(A11Y_SCRIPT % (json.dumps(lang)", "    return\n    st.html(A11Y_SCRIPT % (json.dumps(lang)")
sub("src/laomap/ui/present.py", "font_import=web_font_import()", 'font_import=""')
sub("src/laomap/ui/present.py", "sheets=[Markup(accessibility_css())]", "sheets=[]")
sub("src/laomap/maps/webboxes.py", 'web_font_import() + "\\n" + font_face_css() + "\\n" if', 'font_face_css() + "\\n" if')
sub("src/laomap/maps/atlas.js", "    var el = layer.getElement && layer.getElement();\n    if (!el || !p.tip) { return; }",
    "    var el = layer.getElement && layer.getElement();\n    return;")
sub("src/laomap/maps/atlas.js", "  function reading(list) {\n", "  function reading(list) {\n    return;\n")
sub("src/laomap/maps/atlas.js", "  if (D.names.heading && !document.querySelector('h1')) {", "  if (false) {")
sub("src/laomap/maps/atlas.js", "  map.getContainer().setAttribute('role', document.querySelector('main, [role=\"main\"]') ? 'region' : 'main');\n", "")
