"""Service items of the bundled catalog and the training card tray's resident, shared by the
tests of the online channel (pre-applications, appointments, tickets) on both sides."""

RESIDENCE_FIRST = "11310104002425186K001000300001"  # 上海市居住证办理（首次申领）
ENDORSEMENT = "11310104002425186K001000300002"  # 上海市居住证签注
ID_NUMBER, NAME = "310104195803120011", "王建国"  # the tray's resident card
