package sandbox

import "net/http"

// ZTW (Cloud & Branch Connector) speaks ZIA's convention, its 429 naming one
// request per second, and stages changes until ecAdminActivateStatus/activate.
func ztwService() *service {
	svc := ziaLike("ztw", "/ztw/api/v1", 1)
	svc.status = func(pending, activated bool) reply {
		admin := either(activated, "ADM_ACTV_DONE", either(pending, "ADM_EDITING", "ADM_LOGGED_IN"))
		return jsonReply(http.StatusOK, obj("orgEditStatus", either(pending, "EDITS_PRESENT", "EDITS_CLEARED"),
			"orgLastActivateStatus", "CAC_ACTV_UI", "adminStatusMap", obj(), "adminActivateStatus", admin))
	}
	return svc
}
