from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Chinese unless the user chose English (the switch in the user menu sets the cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many government
    machines run English-language browsers: Chinese is the default here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        # The language is this request's only: the thread goes back to what it had, so that work done
        # after the response (a test's next step, a task in the same thread) is not in this reader's language.
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
