import pytest
from django.urls import reverse

from btb.pk_urls import pk_url


@pytest.mark.parametrize("pk", [1, 42, 987654320, 10**12])
def test_pk_url_gives_what_reverse_gives(pk):
    assert pk_url("media_appearances:appearance_detail")(pk) == reverse(
        "media_appearances:appearance_detail", kwargs={"pk": pk}
    )


def test_pk_url_takes_integers_only():
    url = pk_url("media_appearances:appearance_detail")
    with pytest.raises(ValueError):
        url("1/../admin")
