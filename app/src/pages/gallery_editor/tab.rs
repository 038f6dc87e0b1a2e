//! The editor's tabs: one URL each (`?tab=`).

use domain::ids::GalleryId;

/// The editor's sections, one URL each (`?tab=`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tab {
    Photos,
    Access,
    Invite,
    Delivery,
    Downloads,
    Selects,
    Inbox,
    Annotations,
    Store,
    Orders,
    Report,
}

impl Tab {
    pub(super) const ALL: [Tab; 11] = [
        Tab::Photos,
        Tab::Access,
        Tab::Invite,
        Tab::Delivery,
        Tab::Downloads,
        Tab::Selects,
        Tab::Inbox,
        Tab::Annotations,
        Tab::Store,
        Tab::Orders,
        Tab::Report,
    ];

    pub(super) fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("access") => Self::Access,
            Some("invite") => Self::Invite,
            Some("delivery") => Self::Delivery,
            Some("downloads") => Self::Downloads,
            Some("selects") => Self::Selects,
            Some("inbox") => Self::Inbox,
            Some("annotations") => Self::Annotations,
            Some("store") => Self::Store,
            Some("orders") => Self::Orders,
            Some("report") => Self::Report,
            _ => Self::Photos,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Photos => "Photos",
            Self::Access => "Access & downloads",
            Self::Invite => "Invite",
            Self::Delivery => "Delivery",
            Self::Downloads => "Downloads log",
            Self::Selects => "Selects",
            Self::Inbox => "Comments",
            Self::Annotations => "Annotations",
            Self::Store => "Store",
            Self::Orders => "Orders",
            Self::Report => "Report",
        }
    }

    pub(super) fn href(self, id: GalleryId) -> String {
        match self {
            Self::Photos => format!("/studio/galleries/{id}"),
            Self::Access => format!("/studio/galleries/{id}?tab=access"),
            Self::Invite => format!("/studio/galleries/{id}?tab=invite"),
            Self::Delivery => format!("/studio/galleries/{id}?tab=delivery"),
            Self::Downloads => format!("/studio/galleries/{id}?tab=downloads"),
            Self::Selects => format!("/studio/galleries/{id}?tab=selects"),
            Self::Inbox => format!("/studio/galleries/{id}?tab=inbox"),
            Self::Annotations => format!("/studio/galleries/{id}?tab=annotations"),
            Self::Store => format!("/studio/galleries/{id}?tab=store"),
            Self::Orders => format!("/studio/galleries/{id}?tab=orders"),
            Self::Report => format!("/studio/galleries/{id}?tab=report"),
        }
    }
}
