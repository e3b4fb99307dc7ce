//! User-interface strings in zh-CN, zh-TW and en.

use crate::model::{GapClass, Lang, Role, Status};

/// Every UI string of the widget; each variant is named after what its text says.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Loading,
    SampleData,
    TableView,
    Link,
    Gap,
    LocalEnterprises,
    TargetEnterprises,
    Leaders,
    TopTargets,
    NoStage,
    LinksCount,
    EnterprisesCount,
    ProblemsTitle,
    WarningsTitle,
    ProblemsIntro,
    LoadFailed,
    BadSource,
    NothingToShow,
    Legend,
    Summary,
    GapByHost,
    Score,
    None,
    More,
    ChainMap,
    ShowChain,
    ShowTable,
    Views,
    Zoom,
    ZoomIn,
    ZoomOut,
    Fit,
    Stage,
    Upstream,
    Downstream,
    Close,
    Strength,
    SearchLabel,
    Collapse,
    Expand,
    Filters,
    All,
    Enterprises,
    WithLocal,
    WithTargets,
    WithLeaders,
    Status,
    Reset,
    Amount,
    Region,
    Park,
    CanvasHelp,
    BackFlow,
}

impl Msg {
    /// Every message, for completeness tests.
    pub const ALL: &'static [Msg] = &[
        Msg::Loading,
        Msg::SampleData,
        Msg::TableView,
        Msg::Link,
        Msg::Gap,
        Msg::LocalEnterprises,
        Msg::TargetEnterprises,
        Msg::Leaders,
        Msg::TopTargets,
        Msg::NoStage,
        Msg::LinksCount,
        Msg::EnterprisesCount,
        Msg::ProblemsTitle,
        Msg::WarningsTitle,
        Msg::ProblemsIntro,
        Msg::LoadFailed,
        Msg::BadSource,
        Msg::NothingToShow,
        Msg::Legend,
        Msg::Summary,
        Msg::GapByHost,
        Msg::Score,
        Msg::None,
        Msg::More,
        Msg::ChainMap,
        Msg::ShowChain,
        Msg::ShowTable,
        Msg::Views,
        Msg::Zoom,
        Msg::ZoomIn,
        Msg::ZoomOut,
        Msg::Fit,
        Msg::Stage,
        Msg::Upstream,
        Msg::Downstream,
        Msg::Close,
        Msg::Strength,
        Msg::SearchLabel,
        Msg::Collapse,
        Msg::Expand,
        Msg::Filters,
        Msg::All,
        Msg::Enterprises,
        Msg::WithLocal,
        Msg::WithTargets,
        Msg::WithLeaders,
        Msg::Status,
        Msg::Reset,
        Msg::Amount,
        Msg::Region,
        Msg::Park,
        Msg::CanvasHelp,
        Msg::BackFlow,
    ];
}

/// The text of `msg` in `lang`. `{n}` in a text stands for a number the caller fills in.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use Lang::*;
    use Msg::*;
    match (msg, lang) {
        (Loading, ZhCn) => "正在加载产业链数据…",
        (Loading, ZhTw) => "正在載入產業鏈資料…",
        (Loading, En) => "Loading chain data…",
        (SampleData, ZhCn) => "示例数据，企业均为虚构",
        (SampleData, ZhTw) => "示例資料，企業均為虛構",
        (SampleData, En) => "Sample data; all enterprises are fictional",
        (TableView, ZhCn) => "产业链环节一览表",
        (TableView, ZhTw) => "產業鏈環節一覽表",
        (TableView, En) => "Chain links table",
        (Link, ZhCn) => "环节",
        (Link, ZhTw) => "環節",
        (Link, En) => "Link",
        (Gap, ZhCn) => "强弱",
        (Gap, ZhTw) => "強弱",
        (Gap, En) => "Gap",
        (LocalEnterprises, ZhCn) => "本地企业",
        (LocalEnterprises, ZhTw) => "本地企業",
        (LocalEnterprises, En) => "Local",
        (TargetEnterprises, ZhCn) => "目标企业",
        (TargetEnterprises, ZhTw) => "目標企業",
        (TargetEnterprises, En) => "Targets",
        (Leaders, ZhCn) => "链主企业",
        (Leaders, ZhTw) => "鏈主企業",
        (Leaders, En) => "Chain leaders",
        (TopTargets, ZhCn) => "重点招商对象",
        (TopTargets, ZhTw) => "重點招商對象",
        (TopTargets, En) => "Top targets",
        (NoStage, ZhCn) => "未分阶段",
        (NoStage, ZhTw) => "未分階段",
        (NoStage, En) => "No stage",
        (LinksCount, ZhCn) => "{n} 个环节",
        (LinksCount, ZhTw) => "{n} 個環節",
        (LinksCount, En) => "{n} links",
        (EnterprisesCount, ZhCn) => "{n} 家企业",
        (EnterprisesCount, ZhTw) => "{n} 家企業",
        (EnterprisesCount, En) => "{n} enterprises",
        (ProblemsTitle, ZhCn) => "数据问题（{n}）",
        (ProblemsTitle, ZhTw) => "資料問題（{n}）",
        (ProblemsTitle, En) => "Data problems ({n})",
        (WarningsTitle, ZhCn) => "提示（{n}）",
        (WarningsTitle, ZhTw) => "提示（{n}）",
        (WarningsTitle, En) => "Warnings ({n})",
        (ProblemsIntro, ZhCn) => "以下内容有误，已略去；其余数据照常显示。",
        (ProblemsIntro, ZhTw) => "以下內容有誤，已略去；其餘資料照常顯示。",
        (ProblemsIntro, En) => "These parts are wrong and were left out; everything else is shown.",
        (LoadFailed, ZhCn) => "无法加载数据",
        (LoadFailed, ZhTw) => "無法載入資料",
        (LoadFailed, En) => "Could not load the data",
        (BadSource, ZhCn) => "数据地址无效",
        (BadSource, ZhTw) => "資料位址無效",
        (BadSource, En) => "Invalid data address",
        (NothingToShow, ZhCn) => "没有可显示的环节。",
        (NothingToShow, ZhTw) => "沒有可顯示的環節。",
        (NothingToShow, En) => "There are no links to show.",
        (Legend, ZhCn) => "图例",
        (Legend, ZhTw) => "圖例",
        (Legend, En) => "Legend",
        (Summary, ZhCn) => "概况",
        (Summary, ZhTw) => "概況",
        (Summary, En) => "Summary",
        (GapByHost, ZhCn) => "人工认定",
        (GapByHost, ZhTw) => "人工認定",
        (GapByHost, En) => "set by host",
        (Score, ZhCn) => "评分",
        (Score, ZhTw) => "評分",
        (Score, En) => "score",
        (None, ZhCn) => "无",
        (None, ZhTw) => "無",
        (None, En) => "none",
        (More, ZhCn) => "等 {n} 家",
        (More, ZhTw) => "等 {n} 家",
        (More, En) => "({n} in all)",
        (ChainMap, ZhCn) => "产业链图谱",
        (ChainMap, ZhTw) => "產業鏈圖譜",
        (ChainMap, En) => "Chain map",
        (ShowChain, ZhCn) => "图谱",
        (ShowChain, ZhTw) => "圖譜",
        (ShowChain, En) => "Map",
        (ShowTable, ZhCn) => "表格",
        (ShowTable, ZhTw) => "表格",
        (ShowTable, En) => "Table",
        (Views, ZhCn) => "视图",
        (Views, ZhTw) => "視圖",
        (Views, En) => "Views",
        (Zoom, ZhCn) => "缩放",
        (Zoom, ZhTw) => "縮放",
        (Zoom, En) => "Zoom",
        (ZoomIn, ZhCn) => "放大",
        (ZoomIn, ZhTw) => "放大",
        (ZoomIn, En) => "Zoom in",
        (ZoomOut, ZhCn) => "缩小",
        (ZoomOut, ZhTw) => "縮小",
        (ZoomOut, En) => "Zoom out",
        (Fit, ZhCn) => "适应窗口",
        (Fit, ZhTw) => "適應視窗",
        (Fit, En) => "Fit",
        (Stage, ZhCn) => "所属阶段",
        (Stage, ZhTw) => "所屬階段",
        (Stage, En) => "Stage",
        (Upstream, ZhCn) => "上游环节",
        (Upstream, ZhTw) => "上游環節",
        (Upstream, En) => "Upstream links",
        (Downstream, ZhCn) => "下游环节",
        (Downstream, ZhTw) => "下游環節",
        (Downstream, En) => "Downstream links",
        (Close, ZhCn) => "关闭",
        (Close, ZhTw) => "關閉",
        (Close, En) => "Close",
        (Strength, ZhCn) => "本地实力 {n}",
        (Strength, ZhTw) => "本地實力 {n}",
        (Strength, En) => "local strength {n}",
        (SearchLabel, ZhCn) => "搜索环节或企业",
        (SearchLabel, ZhTw) => "搜尋環節或企業",
        (SearchLabel, En) => "Search links or enterprises",
        (Collapse, ZhCn) => "收起下级环节",
        (Collapse, ZhTw) => "收起下級環節",
        (Collapse, En) => "Fold the sub-links",
        (Expand, ZhCn) => "展开下级环节",
        (Expand, ZhTw) => "展開下級環節",
        (Expand, En) => "Unfold the sub-links",
        (Filters, ZhCn) => "筛选",
        (Filters, ZhTw) => "篩選",
        (Filters, En) => "Filters",
        (All, ZhCn) => "全部",
        (All, ZhTw) => "全部",
        (All, En) => "All",
        (Enterprises, ZhCn) => "企业",
        (Enterprises, ZhTw) => "企業",
        (Enterprises, En) => "Enterprises",
        (WithLocal, ZhCn) => "有本地企业",
        (WithLocal, ZhTw) => "有本地企業",
        (WithLocal, En) => "with local enterprises",
        (WithTargets, ZhCn) => "有目标企业",
        (WithTargets, ZhTw) => "有目標企業",
        (WithTargets, En) => "with targets",
        (WithLeaders, ZhCn) => "有链主企业",
        (WithLeaders, ZhTw) => "有鏈主企業",
        (WithLeaders, En) => "with chain leaders",
        (Status, ZhCn) => "招商进度",
        (Status, ZhTw) => "招商進度",
        (Status, En) => "Pipeline status",
        (Reset, ZhCn) => "重置",
        (Reset, ZhTw) => "重設",
        (Reset, En) => "Reset",
        (Amount, ZhCn) => "金额",
        (Amount, ZhTw) => "金額",
        (Amount, En) => "Amount",
        (Region, ZhCn) => "所在地区",
        (Region, ZhTw) => "所在地區",
        (Region, En) => "Region",
        (Park, ZhCn) => "所在园区",
        (Park, ZhTw) => "所在園區",
        (Park, En) => "Park",
        (CanvasHelp, ZhCn) => {
            "方向键沿供应关系或在同一列中移动，回车选中，Esc 取消选择；Shift+方向键平移，+/- 缩放，0 全图。表格视图列出全部环节。"
        }
        (CanvasHelp, ZhTw) => {
            "方向鍵沿供應關係或在同一欄中移動，Enter 選取，Esc 取消選取；Shift+方向鍵平移，+/- 縮放，0 全圖。表格檢視列出全部環節。"
        }
        (CanvasHelp, En) => {
            "Arrow keys move along flows or within a column, Enter selects, Escape clears; Shift+arrows pan, +/- zoom, 0 fits. The table view lists every link."
        }
        (BackFlow, ZhCn) => "虚线箭头：逆向流动（回收、服务）",
        (BackFlow, ZhTw) => "虛線箭頭：逆向流動（回收、服務）",
        (BackFlow, En) => "Dashed arrow: flow against the chain (recycling, services)",
    }
}

/// `text` with `{n}` replaced.
pub fn count(lang: Lang, msg: Msg, n: usize) -> String {
    text(lang, msg).replace("{n}", &n.to_string())
}

/// Name of a gap class.
pub fn gap(lang: Lang, class: GapClass) -> &'static str {
    match (class, lang) {
        (GapClass::Missing, Lang::ZhCn) => "缺链",
        (GapClass::Missing, Lang::ZhTw) => "缺鏈",
        (GapClass::Missing, Lang::En) => "Missing",
        (GapClass::Weak, Lang::ZhCn | Lang::ZhTw) => "短板",
        (GapClass::Weak, Lang::En) => "Weak",
        (GapClass::Strong, Lang::ZhCn) => "长板",
        (GapClass::Strong, Lang::ZhTw) => "長板",
        (GapClass::Strong, Lang::En) => "Strong",
    }
}

/// What a gap class means, for the legend.
pub fn gap_meaning(lang: Lang, class: GapClass) -> &'static str {
    match (class, lang) {
        (GapClass::Missing, Lang::ZhCn) => "本地无企业，需补链",
        (GapClass::Missing, Lang::ZhTw) => "本地無企業，需補鏈",
        (GapClass::Missing, Lang::En) => "no local enterprise: fill",
        (GapClass::Weak, Lang::ZhCn) => "本地力量薄弱，需强链",
        (GapClass::Weak, Lang::ZhTw) => "本地力量薄弱，需強鏈",
        (GapClass::Weak, Lang::En) => "weak locally: strengthen",
        (GapClass::Strong, Lang::ZhCn) => "本地优势环节，可延链",
        (GapClass::Strong, Lang::ZhTw) => "本地優勢環節，可延鏈",
        (GapClass::Strong, Lang::En) => "a local strength: extend",
    }
}

/// Name of a pipeline status.
pub fn status(lang: Lang, status: Status) -> &'static str {
    match (status, lang) {
        (Status::Target, Lang::ZhCn) => "目标",
        (Status::Target, Lang::ZhTw) => "目標",
        (Status::Target, Lang::En) => "target",
        (Status::Lead, Lang::ZhCn) => "线索",
        (Status::Lead, Lang::ZhTw) => "線索",
        (Status::Lead, Lang::En) => "lead",
        (Status::Negotiating, Lang::ZhCn) => "在谈",
        (Status::Negotiating, Lang::ZhTw) => "在談",
        (Status::Negotiating, Lang::En) => "negotiating",
        (Status::Signed, Lang::ZhCn) => "签约",
        (Status::Signed, Lang::ZhTw) => "簽約",
        (Status::Signed, Lang::En) => "signed",
        (Status::Started, Lang::ZhCn) => "开工",
        (Status::Started, Lang::ZhTw) => "開工",
        (Status::Started, Lang::En) => "started",
        (Status::Producing, Lang::ZhCn) => "投产",
        (Status::Producing, Lang::ZhTw) => "投產",
        (Status::Producing, Lang::En) => "producing",
    }
}

/// Name of a role.
pub fn role(lang: Lang, role: Role) -> &'static str {
    match (role, lang) {
        (Role::Leader, Lang::ZhCn) => "链主",
        (Role::Leader, Lang::ZhTw) => "鏈主",
        (Role::Leader, Lang::En) => "leader",
        (Role::Key, Lang::ZhCn) => "重点",
        (Role::Key, Lang::ZhTw) => "重點",
        (Role::Key, Lang::En) => "key",
        (Role::Member, Lang::ZhCn) => "成员",
        (Role::Member, Lang::ZhTw) => "成員",
        (Role::Member, Lang::En) => "member",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_every_language() {
        for msg in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!text(lang, *msg).trim().is_empty(), "{msg:?} in {lang:?}");
            }
            assert_ne!(
                text(Lang::ZhCn, *msg),
                text(Lang::En, *msg),
                "{msg:?} is not translated"
            );
        }
        for class in GapClass::ALL {
            assert_ne!(gap(Lang::ZhCn, *class), gap(Lang::En, *class));
        }
        assert_eq!(count(Lang::En, Msg::LinksCount, 3), "3 links");
    }
}
