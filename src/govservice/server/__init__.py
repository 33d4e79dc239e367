"""The HTTP JSON service (extra ``server``): govservice for systems that cannot import Python.

Most e-government systems are written in Java; they call this service over HTTP. It answers
calendar, deadline, catalogue and case questions as JSON under ``/v1``, with an OpenAPI 3.1
document at ``/openapi.json``, bearer tokens from a users file, roles per act, ETag/If-Match
on every act, and RFC 9457 problem documents for every error.

Examples:
    >>> from govservice.calendar import china
    >>> from govservice.matters import sample_catalog
    >>> from govservice.server import create_app, hash_token
    >>> app = create_app(calendar=china(), catalog=sample_catalog())
    >>> '/v1/deadlines' in app.route_handler_method_map
    True
"""

from govservice.server._app import API_VERSION, create_app
from govservice.server._cases import ACT_ROLES
from govservice.server._problems import PROBLEM_JSON, Problem
from govservice.server._serve import background, serve
from govservice.server._users import Role, User, Users, hash_token

__all__ = [
    "ACT_ROLES",
    "API_VERSION",
    "PROBLEM_JSON",
    "Problem",
    "Role",
    "User",
    "Users",
    "background",
    "create_app",
    "hash_token",
    "serve",
]
