"""A hello-world Django project: the ceiling of this machine for Django under the site's gunicorn settings."""
