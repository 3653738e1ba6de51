"""Uploaded photos: checked, re-encoded and thumbnailed, so what we store carries no metadata.

Used for volunteer and influencer photos alike.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass(frozen=True)
class PreparedPhoto:
    full: ContentFile
    thumbnail: ContentFile


def prepare_photo(upload) -> PreparedPhoto:
    """Validate an uploaded photo and return clean JPEG copies (full size and thumbnail).

    Raises ValidationError with a message the uploader can act on. The image is decoded from scratch and saved
    anew, so EXIF (camera, time and GPS position), XMP and ICC profiles are all left behind.
    """
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("This photo is %(size)s; the limit is %(limit)s. Please choose a smaller photo."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.PHOTO_MAX_BYTES)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Photos must be JPEG, PNG or WebP images."), code="wrong_format")
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This photo has more pixels than we accept. Please resize it (a few thousand pixels across is plenty)."),
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a photo we can read. Please upload a JPEG, PNG or WebP image."), code="invalid"
        ) from None

    # Honour the camera's orientation before the orientation tag is dropped with the rest of the metadata.
    image = ImageOps.exif_transpose(image)
    image = _flatten(image)
    full = image.copy()
    full.thumbnail((settings.PHOTO_MAX_EDGE, settings.PHOTO_MAX_EDGE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(
        image, (settings.PHOTO_THUMBNAIL_EDGE, settings.PHOTO_THUMBNAIL_EDGE), Image.Resampling.LANCZOS
    )
    return PreparedPhoto(full=_encode(full), thumbnail=_encode(thumb))


def _too_many_pixels(width, height):
    return ValidationError(
        _(
            "This photo is %(width)s × %(height)s pixels, which is more than we accept. "
            "Please resize it (a few thousand pixels across is plenty)."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height},
    )


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def photo_response(image):
    """Stream a stored photo (a full-size or thumbnail ImageField value) to a user already allowed to see it.
    Photos are never public files; a missing one is a 404."""
    from django.http import FileResponse, Http404

    if not image:
        raise Http404("No photo.")
    try:
        handle = image.open("rb")
    except FileNotFoundError:
        raise Http404("No photo.") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
