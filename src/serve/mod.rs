//! `gkml serve`: a self-check page and JSON API for unit liaisons on the
//! office's intranet. Uploads are read in memory, checked on a bounded pool
//! of worker threads with the same reader, rules and report writer as
//! `gkml validate`, and dropped when the answer is sent.

pub mod check;
pub mod pages;
pub mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::HttpBody;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tokio::sync::Semaphore;

use self::check::{Checked, Project, Upload};
use self::pages::{KINDS, Pages, size_label, template_slug};
use self::pool::{Pool, Refused};
use crate::report::Format;

/// Exit code: stopped normally.
const OK: u8 = 0;
/// Exit code: could not start.
const FAILED: u8 = 2;

/// The settings of `gkml serve` (the command layer fills them from its
/// arguments, `src/cli/serve.rs`).
#[derive(Debug, Clone)]
pub struct ServeArgs {
    /// Project directory (or its gkml.yaml) whose settings the checks use.
    pub project: Option<PathBuf>,
    /// Address and port to listen on.
    pub listen: String,
    /// Upload size cap in bytes.
    pub max_upload: u64,
    /// Worker threads (default: the number of cores).
    pub workers: Option<usize>,
    /// Queue length past which requests get 503.
    pub queue: usize,
    /// Time limit of one check, in seconds.
    pub timeout: u64,
}

/// Reads "20MiB", "512KiB", "20M", "1048576".
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("大小“{s}”无法识别：写成 20MiB、512KiB 或字节数"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("大小“{s}”的单位无法识别：用 KiB、MiB 或 GiB")),
    };
    let bytes = n
        .checked_mul(mult)
        .ok_or_else(|| format!("大小“{s}”太大"))?;
    if bytes == 0 || bytes > crate::limits::MAX_WORKBOOK_BYTES {
        return Err(format!(
            "上传上限应在 1 字节到 {} 之间",
            size_label(crate::limits::MAX_WORKBOOK_BYTES)
        ));
    }
    Ok(bytes)
}

/// Where log lines go (stderr in the command); the library itself never
/// prints.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// Shared state of the service.
struct App {
    project: Arc<Project>,
    pages: Arc<Pages>,
    pool: Pool,
    /// Requests being read, waiting or checked; none is read past this.
    slots: Arc<Semaphore>,
    max_upload: usize,
    timeout: Duration,
    /// Blank templates, made once at start-up (they are the same every time).
    templates: Vec<(&'static str, String, Vec<u8>)>,
    log: Log,
}

/// Runs `gkml serve` until Ctrl+C or SIGTERM; returns the exit code.
pub fn run(args: &ServeArgs, log: Log) -> u8 {
    let fail = |msg: String| {
        log(&format!("gkml：{msg}"));
        FAILED
    };
    let project = match load_project(args) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if let Some(p) = &args.project {
        log(&format!(
            "已读取项目 {}：{} 份目录",
            p.display(),
            project.catalogs.len()
        ));
    }
    let workers = args.workers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(2)
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("无法启动：{e}")),
    };
    let app = match build_app(args, project, workers, log.clone()) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&args.listen).await {
            Ok(l) => l,
            Err(e) => return fail(format!("无法监听 {}：{e}", args.listen)),
        };
        let addr = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_else(|_| args.listen.clone());
        log(&format!(
            "gkml serve 已启动：http://{addr}/（{} 个工作线程，排队上限 {}，上传上限 {}，每次检查限时 {} 秒；按 Ctrl+C 停止）",
            workers,
            args.queue,
            size_label(args.max_upload),
            args.timeout
        ));
        let router = router(Arc::new(app));
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown())
        .await;
        match served {
            Ok(()) => {
                log("gkml serve 已停止");
                OK
            }
            Err(e) => fail(format!("服务出错：{e}")),
        }
    })
}

/// Reads the project (settings and catalogues) once, at start-up.
fn load_project(args: &ServeArgs) -> Result<Project, String> {
    let Some(dir) = &args.project else {
        return Ok(Project::default());
    };
    let ws = crate::project::load_unchecked(std::slice::from_ref(dir))?;
    if !ws.is_project {
        return Err(format!(
            "{} 不是项目目录（应为目录或其中的 gkml.yaml）",
            dir.display()
        ));
    }
    Ok(Project {
        config: ws.config,
        catalogs: ws.catalogs,
        is_project: true,
    })
}

fn build_app(args: &ServeArgs, project: Project, workers: usize, log: Log) -> Result<App, String> {
    let name = args.project.as_ref().map(|p| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    });
    let pages = Pages::new(name, args.max_upload)?;
    let mut templates = Vec::new();
    for kind in KINDS {
        let bytes = crate::xlsx::write::template(kind, None, None, &project.config)
            .map_err(|e| format!("无法生成{}模板：{e}", kind.annex()))?;
        templates.push((
            template_slug(kind),
            format!("{}-{}-模板.xlsx", kind.annex(), kind.label()),
            bytes,
        ));
    }
    let pool = Pool::new(workers, args.queue).map_err(|e| format!("无法启动工作线程：{e}"))?;
    Ok(App {
        project: Arc::new(project),
        pages: Arc::new(pages),
        pool,
        slots: Arc::new(Semaphore::new(workers.saturating_add(args.queue))),
        max_upload: usize::try_from(args.max_upload).unwrap_or(usize::MAX),
        timeout: Duration::from_secs(args.timeout.max(1)),
        templates,
        log,
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Bytes of multipart framing and small fields allowed beyond the file.
const FRAMING: usize = 64 << 10;

fn router(app: Arc<App>) -> Router {
    let file_limit = app.max_upload.saturating_add(FRAMING);
    // The result page's download form posts the file back in base64.
    let form_limit = app
        .max_upload
        .div_ceil(3)
        .saturating_mul(4)
        .saturating_add(FRAMING);
    Router::new()
        .route("/", get(index))
        .route("/rules", get(rules_page))
        .route("/healthz", get(healthz))
        .route("/static/style.css", get(style))
        .route("/static/upload.js", get(script))
        .route("/template/{kind}", get(template))
        .route(
            "/check",
            post(check_page).layer(DefaultBodyLimit::max(file_limit)),
        )
        .route(
            "/annotate",
            post(annotate_page).layer(DefaultBodyLimit::max(form_limit)),
        )
        .route(
            "/api/check",
            post(api_check).layer(DefaultBodyLimit::max(file_limit)),
        )
        .route(
            "/api/annotate",
            post(api_annotate).layer(DefaultBodyLimit::max(file_limit)),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Security headers on every response and one log line per request
/// (method, path, status, bytes sent, milliseconds; never file contents).
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let bytes = res
        .body()
        .size_hint()
        .exact()
        .map(|n| n.to_string())
        .unwrap_or_else(|| "-".into());
    (app.log)(&format!(
        "{method} {path} {} {bytes} {}ms",
        res.status().as_u16(),
        start.elapsed().as_millis()
    ));
    res
}

/// A request that could not be answered as asked.
struct Failure {
    status: StatusCode,
    message: String,
    retry_after: Option<u32>,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    fn busy(message: impl Into<String>) -> Failure {
        Failure {
            retry_after: Some(5),
            ..Failure::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    fn too_large(max: usize) -> Failure {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "文件超过上传上限 {}：请删去不需要的工作表或图片，或把工作簿拆成几个文件分别检查",
                size_label(max as u64)
            ),
        )
    }

    fn finish(self, body: Response) -> Response {
        let mut res = body;
        *res.status_mut() = self.status;
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }

    /// As JSON: `{"error": "…"}`.
    fn json(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        let res = json_response(StatusCode::OK, body.to_string().into_bytes());
        self.finish(res)
    }

    /// As an HTML page.
    fn page(self, pages: &Pages) -> Response {
        let heading = match self.status {
            StatusCode::PAYLOAD_TOO_LARGE => "文件太大",
            StatusCode::SERVICE_UNAVAILABLE => "服务器正忙",
            StatusCode::NOT_FOUND => "找不到页面",
            _ => "无法检查",
        };
        let res = html(pages.error(heading, &self.message));
        self.finish(res)
    }
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `Content-Disposition` for a download named `name` (RFC 6266 / 5987).
fn attachment(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx_download(name: &str, bytes: Vec<u8>) -> Response {
    let mut res = ([(header::CONTENT_TYPE, XLSX)], bytes).into_response();
    res.headers_mut()
        .insert(header::CONTENT_DISPOSITION, attachment(name));
    res
}

async fn index(State(app): State<Arc<App>>) -> Response {
    html(app.pages.index())
}

async fn rules_page(State(app): State<Arc<App>>) -> Response {
    html(app.pages.rules(&app.project.config))
}

async fn healthz() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "ok\n",
    )
        .into_response()
}

async fn style() -> Response {
    static_file("text/css; charset=utf-8", pages::STYLE)
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", pages::SCRIPT)
}

fn static_file(ty: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn template(State(app): State<Arc<App>>, Path(kind): Path<String>) -> Response {
    match app.templates.iter().find(|(slug, _, _)| *slug == kind) {
        Some((_, name, bytes)) => xlsx_download(name, bytes.clone()),
        None => not_found(State(app)).await,
    }
}

async fn not_found(State(app): State<Arc<App>>) -> Response {
    Failure::new(StatusCode::NOT_FOUND, "没有这个页面。").page(&app.pages)
}

/// Reads the upload: the `file` field, or (from the result page's download
/// form) `name` and `data` in base64. The file is never larger than the
/// limit in memory: reading stops at the first chunk past it.
async fn read_upload(
    app: &App,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Upload, Failure> {
    let max = app.max_upload;
    let b64_max = max.div_ceil(3).saturating_mul(4);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > b64_max.saturating_add(FRAMING)) {
        return Err(Failure::too_large(max));
    }
    let mut multipart = multipart.map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "请用表单上传文件（multipart/form-data，字段名 file）",
        )
    })?;
    let mut name: Option<String> = None;
    let mut data: Option<Vec<u8>> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| multipart_failure(&e, max))?;
        let Some(mut field) = field else { break };
        let field_name = field.name().unwrap_or("").to_string();
        let limit = match field_name.as_str() {
            "file" => max,
            "data" => b64_max,
            _ => 4096,
        };
        let file_name = field.file_name().map(str::to_string);
        let mut buf = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| multipart_failure(&e, max))?
        {
            if buf.len().saturating_add(chunk.len()) > limit {
                return Err(if field_name == "file" || field_name == "data" {
                    Failure::too_large(max)
                } else {
                    Failure::new(StatusCode::BAD_REQUEST, "表单字段太长")
                });
            }
            buf.extend_from_slice(&chunk);
        }
        match field_name.as_str() {
            "file" => file = Some((file_name.unwrap_or_default(), buf)),
            "name" => name = Some(String::from_utf8_lossy(&buf).into_owned()),
            "data" => data = Some(buf),
            _ => {}
        }
    }
    let (original, bytes) = match (file, name, data) {
        (Some(f), _, _) => f,
        (None, Some(n), Some(d)) => {
            let bytes = BASE64.decode(d.trim_ascii()).map_err(|_| {
                Failure::new(
                    StatusCode::BAD_REQUEST,
                    "表单中的文件数据已损坏，请重新上传文件",
                )
            })?;
            if bytes.len() > max {
                return Err(Failure::too_large(max));
            }
            (n, bytes)
        }
        _ => {
            return Err(Failure::new(
                StatusCode::BAD_REQUEST,
                "没有收到文件：请先选择要检查的工作簿或 YAML 文件（表单字段名 file）",
            ));
        }
    };
    if original.trim().is_empty() {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "没有收到文件名：请先选择要检查的工作簿或 YAML 文件",
        ));
    }
    let label = check::label(&original).ok_or_else(|| {
        Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "只能检查 .xlsx、.xlsm、.xls、.xlsb、.ods 工作簿和 .yaml、.yml 目录文件；请用 Excel/WPS 另存为 .xlsx 后再上传",
        )
    })?;
    Ok(Upload { label, bytes })
}

fn multipart_failure(e: &MultipartError, max: usize) -> Failure {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Failure::too_large(max)
    } else {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "上传没有完成或表单格式有误，请重新上传",
        )
    }
}

/// Reads the upload and runs `work` on it on the worker pool, within the
/// time limit. The slot taken first bounds the uploads held in memory.
async fn on_pool<T: Send + 'static>(
    app: &App,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    work: impl FnOnce(Upload, &Project) -> T + Send + 'static,
) -> Result<T, Failure> {
    let Ok(_slot) = app.slots.clone().try_acquire_owned() else {
        return Err(Failure::busy(
            "服务器正忙（等待检查的文件已满），请过几秒再试",
        ));
    };
    let upload = read_upload(app, headers, multipart).await?;
    let project = Arc::clone(&app.project);
    let rx = app
        .pool
        .submit(move || work(upload, &project))
        .map_err(|r| match r {
            Refused::Busy => Failure::busy("服务器正忙（等待检查的文件已满），请过几秒再试"),
            Refused::Closed => Failure::new(StatusCode::SERVICE_UNAVAILABLE, "服务正在停止"),
        })?;
    match tokio::time::timeout(app.timeout, rx).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "检查时出现内部错误，请把这个文件发给信息公开办",
        )),
        Err(_) => Err(Failure::busy(format!(
            "检查超过 {} 秒仍未完成，已放弃：文件可能太大或太复杂，或者服务器正忙。请稍后再试，或把工作簿拆成几个文件分别检查",
            app.timeout.as_secs()
        ))),
    }
}

/// The status of a check's answer: 422 when nothing could be checked (the
/// case where `gkml validate` exits 2), else 200.
fn check_status(c: &Checked) -> StatusCode {
    if c.nothing_checked() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

async fn api_check(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let res = on_pool(&app, &headers, multipart, |upload, project| {
        let c = check::check(upload, project);
        (check_status(&c), c.report(Format::Json))
    })
    .await;
    match res {
        Ok((status, body)) => json_response(status, body),
        Err(f) => f.json(),
    }
}

/// The annotated workbook's download name: "<stem>-批注.xlsx".
fn annotated_name(label: &str) -> String {
    let stem = label.rsplit_once('.').map_or(label, |(s, _)| s);
    format!("{stem}-批注.xlsx")
}

async fn annotate(
    app: &App,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>), Failure> {
    on_pool(app, headers, multipart, |upload, project| {
        let name = annotated_name(&upload.label);
        let c = check::check(upload, project);
        c.annotated().map(|b| (name, b)).map_err(|e| {
            let why: Vec<String> = c
                .diags
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .take(3)
                .map(|d| d.message.clone())
                .collect();
            if why.is_empty() {
                e
            } else {
                format!("{e}：{}", why.join("；"))
            }
        })
    })
    .await?
    .map_err(|e| Failure::new(StatusCode::UNPROCESSABLE_ENTITY, e))
}

async fn api_annotate(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match annotate(&app, &headers, multipart).await {
        Ok((name, bytes)) => xlsx_download(&name, bytes),
        Err(f) => f.json(),
    }
}

async fn annotate_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match annotate(&app, &headers, multipart).await {
        Ok((name, bytes)) => xlsx_download(&name, bytes),
        Err(f) => f.page(&app.pages),
    }
}

async fn check_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let pages = Arc::clone(&app.pages);
    let res = on_pool(&app, &headers, multipart, move |upload, project| {
        let data = BASE64.encode(&upload.bytes);
        let label = upload.label.clone();
        let c = check::check(upload, project);
        (check_status(&c), pages.result(&label, &c, &data))
    })
    .await;
    match res {
        Ok((status, page)) => {
            let mut r = html(page);
            *r.status_mut() = status;
            r
        }
        Err(f) => f.page(&app.pages),
    }
}
