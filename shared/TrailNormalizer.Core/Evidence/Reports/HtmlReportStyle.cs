namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>The report page's stylesheet: system fonts only (nothing to fetch), and print rules for a clean A4 PDF.</summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        :root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--accent:#0969da}
        *{box-sizing:border-box}
        body{margin:0;background:#f6f8fa;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1040px;margin:0 auto;padding:28px 32px 48px;background:#fff;min-height:100vh}
        header h1{margin:0;font-size:24px}
        .subtitle{margin:4px 0 18px;color:var(--muted)}
        h2{font-size:18px;margin:30px 0 6px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:15px;margin:18px 0 6px}
        p{margin:4px 0 10px}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:1px 4px;border-radius:4px}
        .muted{color:var(--muted)}
        .banner{border-radius:10px;padding:16px 20px;border:2px solid}
        .banner.pass{background:var(--pass-bg);border-color:var(--pass)}
        .banner.fail{background:var(--fail-bg);border-color:var(--fail)}
        .banner.neutral{background:#eff1f3;border-color:#8c959f}
        .verdict{font-size:22px;font-weight:700}
        .pass .verdict{color:var(--pass)}
        .fail .verdict{color:var(--fail)}
        .banner dl{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:6px 24px;margin:10px 0 0}
        .banner dt{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
        .banner dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .failures{margin:6px 0;color:var(--fail)}
        .figures{display:flex;gap:12px;margin:18px 0 4px;flex-wrap:wrap}
        .figure{flex:1 1 0;min-width:130px;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
        .figure .value{display:block;font-size:24px;font-weight:700}
        .figure .label{color:var(--muted);font-size:12px}
        .figure.warn{border-color:var(--fail)}
        .figure.warn .value{color:var(--fail)}
        table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13px}
        th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
        thead th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line)}
        td.num,th.num{text-align:right}
        td.time{white-space:nowrap;color:var(--muted)}
        td.id{white-space:nowrap;font-weight:600}
        tr.framework th{background:#f6f8fa;font-size:12px;color:var(--ink);padding-top:8px}
        tr.none td{color:#8c959f}
        tr.none td.id{font-weight:400}
        tr.requested td{background:#fff8c5}
        tr.requested td.id{box-shadow:inset 4px 0 0 #bf8700}
        .ok{color:var(--pass);font-weight:600}
        .bad{color:var(--fail);font-weight:700}
        #sample-table td{overflow-wrap:anywhere}
        #sample-table td:nth-child(2),#sample-table td:nth-child(5){white-space:nowrap}
        #sample-table td:nth-child(4){font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .chart{display:block;margin:6px 0 10px}
        .chart .lane-label{font-size:12px;fill:var(--ink)}
        .chart .lane-sub{font-size:11px;fill:var(--muted)}
        .chart .lane-total{font-size:12px;fill:var(--muted)}
        .chart .tick{font-size:11px;fill:var(--muted)}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:0 28px}
        a{color:var(--accent)}
        @page{size:A4;margin:14mm 12mm}
        @media print{
          body{background:#fff;font-size:11px}
          main{max-width:none;padding:0;min-height:0}
          .banner,.figure,tr.requested td,.chart rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          .keep,.banner,tr,svg{break-inside:avoid}
          h2,h3{break-after:avoid}
          .page-break{break-before:page}
          a{color:inherit;text-decoration:none}
        }
        """;
}
