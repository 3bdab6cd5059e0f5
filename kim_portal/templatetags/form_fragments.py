"""``{% unbound_form form %}…{% endunbound_form %}``: the fields of an empty form rendered
once and reused.

A staff page such as the case page offers a dozen forms (each in a disclosure) that are
the same for every record: rendering their widgets is most of the page's time. Inside the
block goes only what depends on the form itself — its fields — not the ``<form>`` element
with its action URL and CSRF token. The rendered HTML is kept in this process, keyed by the
block's place in its template, the active language, the form class and the values its
fields start with (a date field that starts with today renders anew tomorrow).

A field whose choices come from the database (a team's colleagues) is part of the key with
its current choices — read in one ordinary query, the query the field would run anyway —
so a new colleague renders anew. Rendered every time, never kept: a bound form (it shows
the submitted values and their errors).
"""

from django import forms, template
from django.utils.translation import get_language

register = template.Library()

# Each block renders a handful of variants (languages × starting values): a bound on the
# memory, not an eviction policy.
MAX_FRAGMENTS = 2000
_fragments: dict[tuple, str] = {}


def _key(node_key: tuple, form) -> tuple | None:
    if form.is_bound:
        return None
    starting = []
    for name, field in form.fields.items():
        starting.append((name, str(form.get_initial_for_field(field, name))))
        if isinstance(field, forms.ModelChoiceField):
            choices = tuple((obj.pk, field.label_from_instance(obj)) for obj in field.queryset)
            starting.append((name, choices))
    return (*node_key, get_language(), type(form), form.prefix, form.auto_id, tuple(starting))


class UnboundFormNode(template.Node):
    def __init__(self, nodelist, form, node_key):
        self.nodelist = nodelist
        self.form = form
        self.node_key = node_key

    def render(self, context):
        form = self.form.resolve(context)
        key = _key(self.node_key, form) if form is not None else None
        if key is None:
            return self.nodelist.render(context)
        html = _fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()
            _fragments[key] = html
        return html


@register.tag
def unbound_form(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the form")
    nodelist = parser.parse(("endunbound_form",))
    parser.delete_first_token()
    node_key = (parser.origin.name, token.lineno, token.contents)
    return UnboundFormNode(nodelist, parser.compile_filter(bits[1]), node_key)
