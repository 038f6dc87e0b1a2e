//! The visitor's role: who a link is for, which decides their download rights and whether they
//! may share.

use serde::{Deserialize, Serialize};

/// The visitor's user type, carried by their access link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The people the gallery was shot for; links made from the Invite tab.
    MainClient,
    /// Others the photographer invited (a planner, an agency).
    PhotographerInvited,
    /// People a main client invited through Share.
    ClientInvited,
    /// Anyone who arrived by the gallery's public link.
    Guest,
}

impl Role {
    /// Every role, for settings screens and tests.
    pub const ALL: [Role; 4] = [Self::MainClient, Self::PhotographerInvited, Self::ClientInvited, Self::Guest];
}

impl Role {
    /// The stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MainClient => "main_client",
            Self::PhotographerInvited => "photographer_invited",
            Self::ClientInvited => "client_invited",
            Self::Guest => "guest",
        }
    }

    /// Reads the stored spelling; anything unknown is a guest (the role with the least rights).
    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|r| r.as_str() == s).unwrap_or(Self::Guest)
    }

    /// How the photographer's screens name the role.
    pub const fn label(self) -> &'static str {
        match self {
            Self::MainClient => "Main client",
            Self::PhotographerInvited => "Invited by you",
            Self::ClientInvited => "Invited by a client",
            Self::Guest => "Guest (public link)",
        }
    }
}
