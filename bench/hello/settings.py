"""Settings of the hello-world project: the least Django can do per request.

No database, no middleware, no templates: one view returning a short response.
The bench runs it with the site's gunicorn.conf.py and the same number of workers,
so the requests per second it reaches are the ceiling for any Django view here.
"""

SECRET_KEY = "bench-hello-world-has-no-secrets"  # noqa: S105 - serves one constant string
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.hello.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_I18N = False
USE_TZ = True
LOGGING_CONFIG = None
