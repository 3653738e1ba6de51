from django import template

from btb.redaction import mask_personal_details

register = template.Library()


@register.filter
def masked_unless(text, may_see_original):
    """``{{ comment|masked_unless:can_manage }}``: the original for those who may act on it, masked for others."""
    return text if may_see_original else mask_personal_details(str(text))
