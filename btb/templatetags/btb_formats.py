"""``{% load btb_formats %}``: ``{{ x|money }}``, ``{{ n|count }}``, ``{{ share|percent }}``,
``{{ hours|decimal_number }}`` and ``{{ difference|money_difference }}``, as ``btb.formats`` writes them."""

from django import template

from btb import formats

register = template.Library()


@register.filter
def money(value):
    return formats.money(value)


@register.filter
def count(value):
    return formats.count(value)


@register.filter
def percent(value):
    return formats.percent(value)


@register.filter
def decimal_number(value, places=1):
    return formats.decimal_number(value, int(places))


@register.filter
def money_difference(value):
    return formats.money_difference(value)
