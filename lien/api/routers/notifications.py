from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut
from lien.notifications.access import get_notification_for_user
from lien.notifications.selectors import notifications_for
from lien.notifications.services import notification_mark_read
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None


@router.get(
    "",
    response={200: list[NotificationOut], **ERRORS},
    summary="Mes notifications, les plus récentes d'abord",
)
@paginate(Pagination, page_size=50, max_page_size=200)
def list_notifications(request: AuthenticatedHttpRequest):
    return notifications_for(request.user)


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut, **ERRORS},
    summary="Marquer une de mes notifications comme lue",
)
def mark_notification_read(request: AuthenticatedHttpRequest, notification_id: int):
    notification = get_notification_for_user(request.user, notification_id)
    return notification_mark_read(user=request.user, notification=notification)
