//! The console gkml writes to: prepared once at start-up so that Chinese text
//! and colours come out right on every platform.
//!
//! On Linux and macOS terminals are UTF-8 and understand ANSI colours, so
//! there is nothing to do. A Windows console shows text in its code page
//! (936, GBK, on Chinese Windows) and, before Windows 10, no ANSI colours:
//! [`prepare`] switches the console to UTF-8 (code page 65001) and turns on
//! its virtual-terminal mode; where that mode cannot be turned on (an old
//! console), [`ansi_colours`] answers `false` and gkml writes plain text.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the console understands ANSI escape sequences (set by [`prepare`]).
static ANSI: AtomicBool = AtomicBool::new(cfg!(not(windows)));

/// Prepares the console for UTF-8 text and, where possible, ANSI colours.
/// Call once, first thing in `main`.
pub fn prepare() {
    ANSI.store(imp::prepare(), Ordering::Relaxed);
}

/// Whether colours may be written to a stream: it is a terminal, the user
/// has not set `NO_COLOR`, and the console understands ANSI sequences.
pub fn colours_for(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none() && ansi_colours()
}

/// Whether the console understands ANSI escape sequences.
pub fn ansi_colours() -> bool {
    ANSI.load(Ordering::Relaxed)
}

#[cfg(not(windows))]
mod imp {
    /// Unix terminals are UTF-8 and ANSI already.
    pub fn prepare() -> bool {
        true
    }
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, GetStdHandle,
        STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, SetConsoleCP, SetConsoleMode, SetConsoleOutputCP,
    };

    /// The UTF-8 code page.
    const CP_UTF8: u32 = 65001;

    /// Switches the console to UTF-8 and turns on virtual-terminal
    /// processing on stdout and stderr; `true` when both accepted it.
    pub fn prepare() -> bool {
        // SAFETY: plain Win32 calls on the process's own standard handles;
        // a failing call returns 0 and changes nothing. Without a console
        // (output redirected to a file) they fail, and the bytes written
        // are UTF-8 all the same.
        unsafe {
            SetConsoleOutputCP(CP_UTF8);
            SetConsoleCP(CP_UTF8);
            let mut ok = true;
            for id in [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE] {
                let handle = GetStdHandle(id);
                let mut mode: CONSOLE_MODE = 0;
                if GetConsoleMode(handle, &mut mode) == 0
                    || SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) == 0
                {
                    ok = false;
                }
            }
            ok
        }
    }
}
