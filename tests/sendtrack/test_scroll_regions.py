"""A table too wide for a phone scrolls inside a region that its caption names."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(text: str, **context) -> str:
    return Template("{% load sendtrack %}" + text).render(Context(context))


def test_the_region_is_named_by_the_caption_it_gives_an_id():
    html = render(
        '{% scrollregion "milestones" caption group %}<table><caption class="c">{{ caption }}'
        "</caption></table>{% endscrollregion %}",
        caption="Due in the next fortnight",
        group=3,
    )
    assert html == (
        '<div class="sendtrack-scroll" role="region" '
        'aria-labelledby="milestones-due-in-the-next-fortnight-3" tabindex="0">'
        '<table><caption id="milestones-due-in-the-next-fortnight-3" class="c">'
        "Due in the next fortnight</caption></table></div>"
    )


def test_a_caption_that_has_an_id_keeps_it():
    html = render(
        '{% scrollregion "figures" %}<table><caption id="mine">Figures</caption></table>'
        "{% endscrollregion %}"
    )
    assert 'aria-labelledby="mine"' in html
    assert html.count('id="mine"') == 1


def test_a_table_without_a_caption_is_refused():
    with pytest.raises(TemplateSyntaxError, match="a table with a caption"):
        render('{% scrollregion "figures" %}<table></table>{% endscrollregion %}')


def test_the_region_needs_words_for_its_id():
    with pytest.raises(TemplateSyntaxError, match="needs words"):
        render("{% scrollregion %}<table></table>{% endscrollregion %}")
