import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from btb.images import prepare_photo


def make_image(fmt="JPEG", size=(800, 600), exif=None, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 30.0)
    return exif


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_prepare_photo_accepts_jpeg_png_webp(fmt):
    prepared = prepare_photo(upload(make_image(fmt)))
    full = Image.open(io.BytesIO(prepared.full.read()))
    thumb = Image.open(io.BytesIO(prepared.thumbnail.read()))
    assert full.format == "JPEG" and full.size == (800, 600)
    assert thumb.size == (256, 256)


def test_prepare_photo_strips_exif_and_gps():
    original = make_image(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825), "fixture must carry GPS"
    prepared = prepare_photo(upload(original))
    for stored in (prepared.full, prepared.thumbnail):
        stored.seek(0)
        data = stored.read()
        image = Image.open(io.BytesIO(data))
        assert dict(image.getexif()) == {}
        assert b"Exif" not in data and b"PhoneMaker" not in data


def test_prepare_photo_shrinks_large_images():
    prepared = prepare_photo(upload(make_image(size=(3000, 1500))))
    assert Image.open(io.BytesIO(prepared.full.read())).size == (1200, 600)


def test_prepare_photo_flattens_transparency():
    prepared = prepare_photo(upload(make_image("PNG", mode="RGBA"), name="p.png", content_type="image/png"))
    assert Image.open(io.BytesIO(prepared.full.read())).mode == "RGB"


def test_prepare_photo_rejects_non_image():
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(b"%PDF-1.4 not a photo at all", name="cv.jpg"))
    assert error.value.code == "invalid"
    assert "not a photo we can read" in error.value.messages[0]


def test_prepare_photo_rejects_other_image_formats():
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(make_image("GIF"), name="a.gif", content_type="image/gif"))
    assert error.value.code == "wrong_format"


def test_prepare_photo_rejects_truncated_image():
    data = make_image(size=(400, 400))
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(data[: len(data) // 2]))
    assert error.value.code == "invalid"


def test_prepare_photo_rejects_oversized_file(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(make_image(size=(400, 400)) + b"\0" * 1000))
    assert error.value.code == "too_large"
    assert "the limit is 1000" in error.value.messages[0]


def test_prepare_photo_rejects_decompression_bomb(settings):
    # A 20,000 × 20,000 PNG of one colour compresses to a few hundred kilobytes but would need 1.2 GB to decode.
    buffer = io.BytesIO()
    Image.new("L", (20000, 20000), 0).save(buffer, format="PNG", optimize=False, compress_level=9)
    bomb = buffer.getvalue()
    assert len(bomb) < settings.PHOTO_MAX_BYTES
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(bomb, name="bomb.png", content_type="image/png"))
    assert error.value.code == "too_many_pixels"
    assert "more pixels than we accept" in error.value.messages[0]


def test_prepare_photo_rejects_more_pixels_than_our_limit_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as error:
        prepare_photo(upload(make_image("PNG", size=(2000, 1000)), name="big.png", content_type="image/png"))
    assert error.value.code == "too_many_pixels"
    assert "2000 × 1000 pixels" in error.value.messages[0]
