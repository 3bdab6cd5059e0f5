"""The authorisation matrix: every URL pattern of the site (from the resolver, through every
include and the language prefix) × every persona × GET, and POST for the routes that change
something → the expected answer, in the one table ``MATRIX`` below.

A URL pattern without a row fails ``test_every_url_pattern_has_a_row`` (and the per-route
test prints the observed line, to be checked before it is pasted in); a row naming no URL
pattern fails as well. Adding a route is one line; URL ids are filled in by
``tests/security/conftest.py`` from the path segment before them. A pattern without a name
is written as its route with ``<*>`` for each argument (``api/v1/oparl/<*>``).

**Personas** (columns; ``conftest.world_build``): ``anon`` no login; ``cm`` the case manager
owning the case; ``lead`` the team lead of that team; ``coord`` KIM coordination (staff
status, as invitations give it); ``memb`` a member and ``chair`` the chair of the steering
group that holds the meeting; ``prov`` the provider editor of the offers' organisation;
``nomfa`` a case manager of the same team without the second factor their role requires;
``super`` a superuser. Everyone with a login re-entered their password a moment ago (exports
and erasure ask for it); the roles that require TOTP have set it up (except ``nomfa``).

**Answers**: the status code, except for redirects to the login (``log``), to the TOTP
setup (``mfa``), to the admin login (``adm``) and to the password prompt before sensitive
actions (``rea``); other redirects are written as their code (``302``). A POST carries no
form data (except ``conftest.REQUEST_DATA``): ``200``/``400`` there mean the form was reached
and refused the empty input. Each request is rolled back, so no cell depends on another.
No cell may expect a server error.

The calendar feed and the OParl API take the persona's own calendar token (in the URL, or
as ``Authorization: Bearer``); personas without one use a token nobody holds.
"""

import pytest
from django.contrib.auth.models import Group

from kim_portal.models import Role
from tests.security.conftest import PERSONAS, fetch, url_routes

pytestmark = pytest.mark.django_db

MATRIX = """
route                                         anon  cm    lead  coord memb  chair prov  nomfa super
# health and language
healthz                                  GET  200   200   200   200   200   200   200   200   200
readyz                                   GET  200   200   200   200   200   200   200   200   200
set_language                             GET  302   302   302   302   302   302   302   302   302
set_language                             POST 302   302   302   302   302   302   302   302   302
# the admin (superuser; the coordinator curates the offer taxonomy)
admin:index                              GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:login                              GET  log   403   403   302   403   403   403   mfa   302
admin:login                              POST log   403   403   200   403   403   403   mfa   200
admin:logout                             GET  302   302   302   405   302   302   302   mfa   405
admin:logout                             POST 302   302   302   302   302   302   302   mfa   302
admin:password_change                    GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:password_change                    POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:password_change_done               GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:autocomplete                       GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:jsi18n                             GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:view_on_site                       GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:auth_group_changelist              GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_changelist              POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_add                     GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_add                     POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_history                 GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_delete                  GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_delete                  POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_change                  GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_group_change                  POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/auth/group/<*>/                    GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:auth_user_password_change          GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:auth_user_password_change          POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_changelist         GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_changelist         POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_add                GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_add                POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_history            GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_delete             GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_delete             POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_change             GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_user_change             POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/kim_portal/user/<*>/               GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:kim_portal_invitation_changelist   GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_changelist   POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_add          GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_add          POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_history      GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_delete       GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_delete       POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_invitation_change       GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin/kim_portal/invitation/<*>/         GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:kim_portal_organisation_changelist GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_changelist POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_add        GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_add        POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_history    GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_delete     GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_delete     POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_change     GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_organisation_change     POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/kim_portal/organisation/<*>/       GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:kim_portal_municipality_changelist GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_changelist POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_add        GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_add        POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_history    GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_delete     GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:kim_portal_municipality_change     GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_municipality_change     POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/kim_portal/municipality/<*>/       GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:kim_portal_auditevent_changelist   GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_auditevent_changelist   POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_auditevent_add          GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:kim_portal_auditevent_history      GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_auditevent_delete       GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:kim_portal_auditevent_change       GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin/kim_portal/auditevent/<*>/         GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:kim_portal_reminder_changelist     GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_changelist     POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_add            GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:kim_portal_reminder_history        GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_delete         GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_delete         POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_change         GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:kim_portal_reminder_change         POST adm   adm   adm   403   adm   adm   adm   mfa   302
admin/kim_portal/reminder/<*>/           GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:offers_category_changelist         GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_changelist         POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_add                GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_add                POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_history            GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_delete             GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:offers_category_delete             POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:offers_category_change             GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_category_change             POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin/offers/category/<*>/               GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:offers_targetgroup_changelist      GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_changelist      POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_add             GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_add             POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_history         GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_delete          GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:offers_targetgroup_delete          POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:offers_targetgroup_change          GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_targetgroup_change          POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin/offers/targetgroup/<*>/            GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:offers_offer_changelist            GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_offer_changelist            POST adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_offer_add                   GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:offers_offer_history               GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin:offers_offer_delete                GET  adm   adm   adm   403   adm   adm   adm   mfa   403
admin:offers_offer_change                GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin/offers/offer/<*>/                  GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:account_emailaddress_changelist    GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_changelist    POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_add           GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_add           POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_history       GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_delete        GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_delete        POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_change        GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:account_emailaddress_change        POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/account/emailaddress/<*>/          GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:mfa_authenticator_changelist       GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_changelist       POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_add              GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_add              POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_history          GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_delete           GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_delete           POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_change           GET  adm   adm   adm   403   adm   adm   adm   mfa   200
admin:mfa_authenticator_change           POST adm   adm   adm   403   adm   adm   adm   mfa   200
admin/mfa/authenticator/<*>/             GET  adm   adm   adm   302   adm   adm   adm   mfa   302
admin:app_list                           GET  adm   adm   adm   200   adm   adm   adm   mfa   200
admin/<*>                                GET  adm   adm   adm   404   adm   adm   adm   mfa   404
# steering: calendar feed (token in the URL), OParl API (Bearer calendar token, never a session)
steering_api:calendar_feed               GET  404   404   404   200   200   200   404   mfa   404
steering_api:oparl_system                GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_bodies                GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_body                  GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_body_organizations    GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_body_meetings         GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_organization          GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_organization_meetings GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_meeting               GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_agenda_item           GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_decision              GET  401   401   401   200   200   200   401   mfa   401
steering_api:oparl_file                  GET  401   401   401   200   200   200   401   mfa   401
api/v1/oparl/<*>                         GET  401   401   401   404   404   404   401   mfa   401
# the open-data API (public)
offers_api:docs                          GET  200   200   200   200   200   200   200   mfa   200
offers_api:openapi                       GET  200   200   200   200   200   200   200   mfa   200
offers_api:services                      GET  200   200   200   200   200   200   200   mfa   200
offers_api:services_ics                  GET  200   200   200   200   200   200   200   mfa   200
offers_api:service                       GET  200   200   200   200   200   200   200   mfa   200
offers_api:organizations                 GET  200   200   200   200   200   200   200   mfa   200
offers_api:organization                  GET  200   200   200   200   200   200   200   mfa   200
offers_api:locations                     GET  200   200   200   200   200   200   200   mfa   200
offers_api:taxonomies                    GET  200   200   200   200   200   200   200   mfa   200
offers_api:taxonomy_terms                GET  200   200   200   200   200   200   200   mfa   200
api/v1/<*>                               GET  404   404   404   404   404   404   404   mfa   404
# the public home page
home                                     GET  200   200   200   200   200   200   200   mfa   200
# accounts (allauth), second factor, invitations
invitation_accept                        GET  200   200   200   200   200   200   200   mfa   200
invitation_accept                        POST 200   200   200   200   200   200   200   mfa   200
account_email                            GET  404   404   404   404   404   404   404   mfa   404
account_login                            GET  200   302   302   302   302   302   302   mfa   302
account_login                            POST 200   302   302   302   302   302   302   mfa   302
account_logout                           GET  302   200   200   200   200   200   200   200   200
account_logout                           POST 302   302   302   302   302   302   302   302   302
account_inactive                         GET  200   200   200   200   200   200   200   mfa   200
account_signup                           GET  200   302   302   302   302   302   302   mfa   302
account_signup                           POST 200   302   302   302   302   302   302   mfa   302
account_reauthenticate                   GET  log   200   200   200   200   200   200   200   200
account_reauthenticate                   POST log   200   200   200   200   200   200   200   200
account_email_verification_sent          GET  200   200   200   200   200   200   200   mfa   200
account_change_password                  GET  log   200   200   200   200   200   200   mfa   200
account_change_password                  POST log   200   200   200   200   200   200   mfa   200
account_set_password                     GET  log   302   302   302   302   302   302   mfa   302
account_set_password                     POST log   302   302   302   302   302   302   mfa   302
account_reset_password                   GET  200   200   200   200   200   200   200   mfa   200
account_reset_password                   POST 200   200   200   200   200   200   200   mfa   200
account_confirm_login_code               GET  log   302   302   302   302   302   302   mfa   302
account_confirm_login_code               POST log   302   302   302   302   302   302   mfa   302
account_confirm_email                    GET  200   200   200   200   200   200   200   mfa   200
account_reset_password_from_key_done     GET  200   200   200   200   200   200   200   mfa   200
account_reset_password_from_key          GET  200   200   200   200   200   200   200   mfa   200
account_reset_password_from_key          POST 200   200   200   200   200   200   200   mfa   200
account_reset_password_done              GET  200   200   200   200   200   200   200   mfa   200
mfa_index                                GET  log   200   200   200   200   200   200   200   200
mfa_authenticate                         GET  log   302   302   302   302   302   302   mfa   302
mfa_authenticate                         POST log   302   302   302   302   302   302   mfa   302
mfa_reauthenticate                       GET  log   200   200   200   rea   200   rea   mfa   200
mfa_reauthenticate                       POST log   200   200   200   rea   200   rea   mfa   200
mfa_activate_totp                        GET  log   302   302   302   200   302   200   200   302
mfa_activate_totp                        POST log   302   302   302   200   302   200   200   302
mfa_deactivate_totp                      GET  log   200   200   200   404   200   404   mfa   200
mfa_deactivate_totp                      POST log   200   200   200   404   200   404   mfa   200
mfa_view_recovery_codes                  GET  log   404   404   404   404   404   404   404   404
mfa_generate_recovery_codes              GET  log   200   200   200   200   200   200   200   200
mfa_generate_recovery_codes              POST log   302   302   302   200   302   200   200   302
mfa_download_recovery_codes              GET  log   404   404   404   404   404   404   404   404
# staff home and notifications
staff_home                               GET  log   200   200   200   200   200   200   mfa   200
notification_list                        GET  log   200   200   200   200   200   200   mfa   200
notification_open                        GET  log   302   302   302   302   302   302   mfa   302
notification_read                        GET  log   405   405   405   405   405   405   mfa   405
notification_read                        POST log   302   302   302   302   302   302   mfa   302
notification_read_all                    GET  log   405   405   405   405   405   405   mfa   405
notification_read_all                    POST log   302   302   302   302   302   302   mfa   302
# the offer catalogue: public pages, then the staff pages
offers:list                              GET  200   200   200   200   200   200   200   mfa   200
offers:detail                            GET  200   200   200   200   200   200   200   mfa   200
offers:print                             GET  200   200   200   200   200   200   200   mfa   200
offers:ics                               GET  200   200   200   200   200   200   200   mfa   200
offers:report                            GET  302   302   302   302   302   302   302   mfa   302
offers:report                            POST 302   302   302   302   302   302   302   mfa   302
offers:staff_list                        GET  log   403   403   200   403   403   200   mfa   403
offers:staff_create                      GET  log   403   403   200   403   403   200   mfa   403
offers:staff_create                      POST log   403   403   200   403   403   200   mfa   403
offers:staff_edit                        GET  log   403   403   200   403   403   200   mfa   403
offers:staff_edit                        POST log   403   403   200   403   403   200   mfa   403
offers:staff_submit                      GET  log   403   403   405   403   403   405   mfa   403
offers:staff_submit                      POST log   403   403   302   403   403   302   mfa   403
offers:staff_history                     GET  log   403   403   200   403   403   200   mfa   403
offers:staff_review_queue                GET  log   403   403   200   403   403   403   mfa   403
offers:staff_review                      GET  log   403   403   200   403   403   403   mfa   403
offers:staff_review                      POST log   403   403   302   403   403   403   mfa   403
offers:staff_export                      GET  log   403   403   200   403   403   200   mfa   403
offers:staff_import                      GET  log   403   403   200   403   403   200   mfa   403
offers:staff_import                      POST log   403   403   200   403   403   200   mfa   403
# case management
cases:caseload                           GET  log   200   200   403   403   403   403   mfa   403
cases:client_new                         GET  log   200   200   403   403   403   403   mfa   403
cases:client_new                         POST log   200   200   403   403   403   403   mfa   403
cases:case_detail                        GET  log   200   200   403   403   403   403   mfa   403
cases:case_intake                        GET  log   200   200   403   403   403   403   mfa   403
cases:case_intake                        POST log   200   200   403   403   403   403   mfa   403
cases:client_edit                        GET  log   200   200   403   403   403   403   mfa   403
cases:client_edit                        POST log   200   200   403   403   403   403   mfa   403
cases:household_member_add               GET  log   405   405   403   403   403   403   mfa   403
cases:household_member_add               POST log   400   400   403   403   403   403   mfa   403
cases:household_member_remove            GET  log   405   405   403   403   403   403   mfa   403
cases:household_member_remove            POST log   302   302   403   403   403   403   mfa   403
cases:case_transition                    GET  log   405   405   403   403   403   403   mfa   403
cases:case_transition                    POST log   400   400   403   403   403   403   mfa   403
cases:case_follow_up                     GET  log   405   405   403   403   403   403   mfa   403
cases:case_follow_up                     POST log   302   302   403   403   403   403   mfa   403
cases:case_close                         GET  log   405   405   403   403   403   403   mfa   403
cases:case_close                         POST log   400   400   403   403   403   403   mfa   403
cases:case_reopen                        GET  log   405   405   403   403   403   403   mfa   403
cases:case_reopen                        POST log   400   400   403   403   403   403   mfa   403
cases:consent_record                     GET  log   405   405   403   403   403   403   mfa   403
cases:consent_record                     POST log   400   400   403   403   403   403   mfa   403
cases:consent_withdraw                   GET  log   405   405   403   403   403   403   mfa   403
cases:consent_withdraw                   POST log   302   302   403   403   403   403   mfa   403
cases:assessment_record                  GET  log   405   405   403   403   403   403   mfa   403
cases:assessment_record                  POST log   400   400   403   403   403   403   mfa   403
cases:goal_agree                         GET  log   405   405   403   403   403   403   mfa   403
cases:goal_agree                         POST log   400   400   403   403   403   403   mfa   403
cases:goal_update                        GET  log   405   405   403   403   403   403   mfa   403
cases:goal_update                        POST log   302   302   403   403   403   403   mfa   403
cases:referral_create                    GET  log   405   405   403   403   403   403   mfa   403
cases:referral_create                    POST log   400   400   403   403   403   403   mfa   403
cases:referral_status                    GET  log   405   405   403   403   403   403   mfa   403
cases:referral_status                    POST log   302   302   403   403   403   403   mfa   403
cases:appointment_create                 GET  log   405   405   403   403   403   403   mfa   403
cases:appointment_create                 POST log   400   400   403   403   403   403   mfa   403
cases:barrier_report                     GET  log   405   405   403   403   403   403   mfa   403
cases:barrier_report                     POST log   400   400   403   403   403   403   mfa   403
cases:contact_log                        GET  log   200   200   403   403   403   403   mfa   403
cases:contact_new                        GET  log   200   200   403   403   403   403   mfa   403
cases:contact_new                        POST log   200   200   403   403   403   403   mfa   403
cases:case_reassign                      GET  log   405   405   403   403   403   403   mfa   403
cases:case_reassign                      POST log   403   400   403   403   403   403   mfa   403
cases:case_share                         GET  log   405   405   403   403   403   403   mfa   403
cases:case_share                         POST log   400   400   403   403   403   403   mfa   403
cases:case_unshare                       GET  log   405   405   403   403   403   403   mfa   403
cases:case_unshare                       POST log   302   302   403   403   403   403   mfa   403
cases:case_access_log                    GET  log   403   200   403   403   403   403   mfa   403
cases:client_export_json                 GET  log   200   200   404   404   404   404   mfa   404
cases:client_export_pdf                  GET  log   200   200   404   404   404   404   mfa   404
cases:client_erase                       GET  log   403   200   404   404   404   404   mfa   404
cases:client_erase                       POST log   403   400   404   404   404   404   mfa   404
cases:case_consent_form_pdf              GET  log   200   200   404   404   404   404   mfa   404
# the steering group
steering:meetings                        GET  log   403   403   200   200   200   403   mfa   403
steering:meeting_create                  GET  log   403   403   200   403   403   403   mfa   403
steering:meeting_create                  POST log   403   403   200   403   403   403   mfa   403
steering:meeting_detail                  GET  log   403   403   200   200   200   403   mfa   403
steering:meeting_edit                    GET  log   403   403   200   403   403   403   mfa   403
steering:meeting_edit                    POST log   403   403   200   403   403   403   mfa   403
steering:meeting_transition              GET  log   403   403   405   405   405   403   mfa   403
steering:meeting_transition              POST log   403   403   400   403   403   403   mfa   403
steering:agenda_item_add                 GET  log   403   403   405   403   403   403   mfa   403
steering:agenda_item_add                 POST log   403   403   400   403   403   403   mfa   403
steering:agenda_item_edit                GET  log   403   403   200   403   403   403   mfa   403
steering:agenda_item_edit                POST log   403   403   200   403   403   403   mfa   403
steering:agenda_item_remove              GET  log   403   403   405   403   403   403   mfa   403
steering:agenda_item_remove              POST log   403   403   400   403   403   403   mfa   403
steering:discussion_set                  GET  log   403   403   405   403   403   403   mfa   403
steering:discussion_set                  POST log   403   403   400   403   403   403   mfa   403
steering:decision_add                    GET  log   403   403   405   403   403   403   mfa   403
steering:decision_add                    POST log   403   403   400   403   403   403   mfa   403
steering:action_item_add                 GET  log   403   403   405   403   403   403   mfa   403
steering:action_item_add                 POST log   403   403   400   403   403   403   mfa   403
steering:decision_edit                   GET  log   403   403   200   403   403   403   mfa   403
steering:decision_edit                   POST log   403   403   200   403   403   403   mfa   403
steering:working_group_establish         GET  log   403   403   200   403   403   403   mfa   403
steering:working_group_establish         POST log   403   403   200   403   403   403   mfa   403
steering:decision_remove                 GET  log   403   403   405   403   403   403   mfa   403
steering:decision_remove                 POST log   403   403   400   403   403   403   mfa   403
steering:attendance_set                  GET  log   403   403   405   403   403   403   mfa   403
steering:attendance_set                  POST log   403   403   302   403   403   403   mfa   403
steering:file_upload                     GET  log   403   403   405   403   403   403   mfa   403
steering:file_upload                     POST log   403   403   400   403   403   403   mfa   403
steering:file_download                   GET  log   403   403   200   200   200   403   mfa   403
steering:file_remove                     GET  log   403   403   405   403   403   403   mfa   403
steering:file_remove                     POST log   403   403   400   403   403   403   mfa   403
steering:meeting_minutes                 GET  log   403   403   200   200   200   403   mfa   403
steering:minutes_correction              GET  log   403   403   200   403   403   403   mfa   403
steering:minutes_correction              POST log   403   403   200   403   403   403   mfa   403
steering:correction_approve              GET  log   403   403   405   405   405   403   mfa   403
steering:correction_approve              POST log   403   403   403   404   302   403   mfa   403
steering:correction_discard              GET  log   403   403   405   403   403   403   mfa   403
steering:correction_discard              POST log   403   403   302   403   403   403   mfa   403
steering:decisions                       GET  log   403   403   200   200   200   403   mfa   403
steering:action_items                    GET  log   403   403   200   200   200   403   mfa   403
steering:action_item_detail              GET  log   403   403   200   200   200   403   mfa   403
steering:action_item_detail              POST log   403   403   200   200   403   403   mfa   403
steering:action_item_edit                GET  log   403   403   200   403   403   403   mfa   403
steering:action_item_edit                POST log   403   403   200   403   403   403   mfa   403
steering:hurdles                         GET  log   403   403   200   200   200   403   mfa   403
steering:hurdle_create                   GET  log   403   403   200   403   403   403   mfa   403
steering:hurdle_create                   POST log   403   403   200   403   403   403   mfa   403
steering:hurdle_detail                   GET  log   403   403   200   200   200   403   mfa   403
steering:hurdle_edit                     GET  log   403   403   200   403   403   403   mfa   403
steering:hurdle_edit                     POST log   403   403   200   403   403   403   mfa   403
steering:hurdle_transition               GET  log   403   403   405   403   403   403   mfa   403
steering:hurdle_transition               POST log   403   403   400   403   403   403   mfa   403
steering:hurdle_link                     GET  log   403   403   405   403   403   403   mfa   403
steering:hurdle_link                     POST log   403   403   400   403   403   403   mfa   403
steering:hurdle_note                     GET  log   403   403   405   403   403   403   mfa   403
steering:hurdle_note                     POST log   403   403   400   403   403   403   mfa   403
steering:bodies                          GET  log   403   403   200   200   200   403   mfa   403
steering:body_detail                     GET  log   403   403   200   200   200   403   mfa   403
steering:body_edit                       GET  log   403   403   405   403   403   403   mfa   403
steering:body_edit                       POST log   403   403   302   403   403   403   mfa   403
steering:membership_add                  GET  log   403   403   405   403   403   403   mfa   403
steering:membership_add                  POST log   403   403   400   403   403   403   mfa   403
steering:membership_end                  GET  log   403   403   405   403   403   403   mfa   403
steering:membership_end                  POST log   403   403   400   403   403   403   mfa   403
steering:rules_adopt                     GET  log   403   403   405   403   403   403   mfa   403
steering:rules_adopt                     POST log   403   403   400   403   403   403   mfa   403
steering:calendar_token                  GET  log   403   403   200   200   200   403   mfa   403
steering:calendar_token                  POST log   403   403   400   400   400   403   mfa   403
steering:meeting_invitation_pdf          GET  log   404   404   200   200   200   404   mfa   404
steering:minutes_pdf                     GET  log   404   404   200   200   200   404   mfa   404
steering:dashboard                       GET  log   403   403   200   200   200   403   mfa   403
steering:dashboard_csv                   GET  log   403   403   200   200   200   403   mfa   403
steering:dashboard_pdf                   GET  log   403   403   200   200   200   403   mfa   403
"""

# Status codes and named redirects a cell may hold: no 5xx.
ANSWERS = {"200", "204", "301", "302", "304", "400", "401", "403", "404", "405", "410", "429"}
ANSWERS |= {"log", "mfa", "adm", "rea"}
METHODS = ("GET", "POST")


def _parse(table: str) -> tuple[list[str], dict[str, dict[str, dict[str, str]]]]:
    """(persona columns, {route: {method: {persona: answer}}}) from the text table."""
    lines = [line for line in table.splitlines() if line.strip() and not line.startswith("#")]
    columns = lines[0].split()[1:]
    rows: dict[str, dict[str, dict[str, str]]] = {}
    for line in lines[1:]:
        route, method, *cells = line.split()
        assert method in METHODS, line
        assert len(cells) == len(columns), f"{len(cells)} answers, {len(columns)} columns: {line}"
        assert method not in rows.get(route, {}), f"two {method} rows for {route}"
        rows.setdefault(route, {})[method] = dict(zip(columns, cells, strict=True))
    return columns, rows


COLUMNS, EXPECTED = _parse(MATRIX)
ROUTES = url_routes()


def _line(route: str, method: str, answers: dict[str, str]) -> str:
    return f"{route:<40} {method:<4} " + " ".join(f"{answers[p]:<5}" for p in PERSONAS)


def test_the_columns_are_anonymous_every_role_group_no_mfa_and_superuser():
    roles = {PERSONAS[column] for column in COLUMNS}

    assert list(PERSONAS) == COLUMNS
    assert set(Role.values) <= roles
    # The groups the data migration created are exactly the roles.
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)


def test_every_url_pattern_has_a_row():
    missing = [key for key in ROUTES if key not in EXPECTED]

    assert missing == [], "URL patterns without a row in MATRIX"


def test_every_row_names_a_url_pattern():
    unknown = [key for key in EXPECTED if key not in ROUTES]

    assert unknown == [], "rows in MATRIX for URL patterns that do not exist"


def test_every_row_has_a_get_line_and_only_known_answers():
    problems = [
        f"{route} {method} {answer}"
        for route, methods in EXPECTED.items()
        for method, answers in methods.items()
        for answer in answers.values()
        if answer not in ANSWERS
    ]
    without_get = [route for route, methods in EXPECTED.items() if "GET" not in methods]

    assert problems == []
    assert without_get == []


@pytest.mark.parametrize("key", list(ROUTES))
def test_each_persona_gets_the_expected_answer(world, key):
    route = ROUTES[key]
    expected = EXPECTED.get(key, dict.fromkeys(METHODS))
    answers = {
        method: {persona: fetch(world, persona, route, method) for persona in PERSONAS}
        for method in expected
    }
    observed = {
        method: {persona: answer.outcome for persona, answer in by_persona.items()}
        for method, by_persona in answers.items()
    }
    leaks = {
        f"{method} {persona}": world.leaks(persona, answer.body)
        for method, by_persona in answers.items()
        for persona, answer in by_persona.items()
        if world.leaks(persona, answer.body)
    }
    table = "\n".join(_line(key, method, answers) for method, answers in observed.items())
    header = f"{'':<45} " + " ".join(f"{p:<5}" for p in PERSONAS)

    assert key in EXPECTED, f"no row in MATRIX; observed:\n{header}\n{table}"
    differences = {
        f"{method} {persona}": f"expected {expected[method][persona]}, got {answer}"
        for method, answers in observed.items()
        for persona, answer in answers.items()
        if answer != expected[method][persona]
    }
    assert differences == {}, f"observed:\n{header}\n{table}"
    assert leaks == {}, "data shown to a persona who may not see it"
