from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """A business rule refused an action. The message is written for the person who asked for it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "ApplicationError":
        """The first message of a model's validation, on its field (None when it concerns the whole row), so a
        service answers in the one error type its callers handle."""
        if not hasattr(error, "error_dict"):
            return cls(error.messages[0])
        field, messages = next(iter(error.message_dict.items()))
        return cls(messages[0], field=None if field == "__all__" else field)


def full_clean(instance, *, exclude=None) -> None:
    """Run the model's own validation before a service saves it; a failure is an ApplicationError."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from None
