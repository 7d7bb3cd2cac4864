from django import template

from campaign.charts import render_chart

register = template.Library()


@register.simple_tag
def question_chart(question):
    """The question's chart drawn in the reader's language ("" when it has none)."""
    return render_chart(question)
