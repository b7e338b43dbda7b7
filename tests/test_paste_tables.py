"""A table pasted from Word keeps its cells apart: each row a paragraph, its cells separated."""

from articles.sanitize import clean_body_html

WORD_TABLE = """<p class=MsoNormal>The route, as the council published it:<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><b>Route</b><o:p></o:p></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><b>Start</b><o:p></o:p></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=301 valign=top><p class=MsoNormal>Riverside<o:p></o:p></p></td>
  <td width=301 valign=top><p class=MsoNormal>8:00<o:p></o:p></p><p class=MsoNormal>from the bridge<o:p></o:p></p></td>
 </tr>
</table>
<p class=MsoNormal>Roads close an hour earlier.<o:p></o:p></p>"""


def test_pasted_word_table_cells_keep_a_separator():
    body = clean_body_html(WORD_TABLE)
    assert "RouteStart" not in body and "Riverside8:00" not in body
    assert "<p>Route | Start</p>" in body
    assert "<p>Riverside | 8:00 from the bridge</p>" in body
    assert body.startswith("<p>The route, as the council published it:</p>")
    assert body.endswith("<p>Roads close an hour earlier.</p>")
    assert "<table" not in body and "<td" not in body


def test_a_plain_html_table_is_read_the_same_way():
    assert clean_body_html("<table><tr><th>Team</th><th>Score</th></tr><tr><td>Lions</td><td>3</td></tr></table>") == (
        "<p>Team | Score</p><p>Lions | 3</p>"
    )
