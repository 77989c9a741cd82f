/**
 * The one stylesheet of the screens. Colours meet WCAG AA contrast on their backgrounds; status is
 * always carried by a word and a symbol as well as a colour.
 */
export const STIJL = `
:root { --inkt: #1b2733; --zacht: #4a5a6a; --lijn: #d5dde5; --vlak: #f4f6f9; --wit: #fff; --blauw: #0b5cad; --blauw-donker: #08467f;
  --rood: #a3261b; --rood-vlak: #fbe9e7; --oranje: #8a4b00; --oranje-vlak: #fff1dc; --groen: #1d6b35; --groen-vlak: #e6f4ea; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 15px; color: var(--inkt); background: var(--vlak); }
body { margin: 0; line-height: 1.45; }
a { color: var(--blauw); }
a:hover { color: var(--blauw-donker); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.overslaan { position: absolute; left: -999px; top: 0; background: var(--wit); padding: .5rem 1rem; z-index: 10; }
.overslaan:focus { left: 1rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.kop { display: flex; align-items: center; gap: 1.5rem; background: #0e2a47; color: #fff; padding: .6rem 1.5rem; flex-wrap: wrap; }
.kop a { color: #fff; text-decoration: none; }
.merk { display: flex; align-items: baseline; gap: .6rem; font-weight: 700; font-size: 1.15rem; }
.merk .logo { color: #7fc1ff; letter-spacing: -2px; }
.merk .regio { font-weight: 400; font-size: .85rem; color: #c9d8e8; }
.kop nav ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.kop nav a { display: block; padding: .4rem .7rem; border-radius: 4px; color: #e3edf7; }
.kop nav a:hover, .kop nav a[aria-current="page"] { background: #1d4670; color: #fff; }
.kop nav a[aria-current="page"] { box-shadow: inset 0 -3px 0 #7fc1ff; }
.wie { margin-left: auto; display: flex; align-items: center; gap: .8rem; font-size: .9rem; }
.wie .rol { color: #c9d8e8; }
.wie form { margin: 0; }
main { max-width: 1280px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; margin: .4rem 0 .6rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; }
.tegel h2 { margin-top: 0; }
.peil { color: var(--zacht); margin-top: 0; }
.kruimels ol { list-style: none; display: flex; gap: .4rem; padding: 0; margin: 0; font-size: .9rem; color: var(--zacht); }
.kruimels li + li::before { content: "›"; margin-right: .4rem; }
.tegels { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 1rem; }
.tegel { background: var(--wit); border: 1px solid var(--lijn); border-radius: 8px; padding: 1rem 1.2rem; }
.kerncijfers { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: .6rem; margin: 0 0 .6rem; }
.kerncijfers div { background: var(--vlak); border-radius: 6px; padding: .5rem .7rem; }
.kerncijfers dt { font-size: .8rem; color: var(--zacht); }
.kerncijfers dd { margin: .15rem 0 0; font-weight: 650; font-size: 1rem; font-variant-numeric: tabular-nums; }
.kerncijfers dd .klein { display: block; font-weight: 400; }
.grafiek svg { width: 100%; height: auto; display: block; }
details { margin: .4rem 0; }
summary { cursor: pointer; color: var(--blauw); }
.tabel-rol { overflow-x: auto; background: var(--wit); border: 1px solid var(--lijn); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; padding: .6rem .8rem; font-weight: 600; color: var(--zacht); }
th, td { padding: .45rem .7rem; border-top: 1px solid var(--lijn); text-align: left; vertical-align: top; }
thead th { background: #eef2f6; border-top: none; font-weight: 600; white-space: nowrap; }
th a { color: var(--inkt); text-decoration: none; }
th a:hover { text-decoration: underline; }
.pijl { color: var(--zacht); }
.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: #f8fafc; }
.klein { font-size: .82rem; color: var(--zacht); }
.leeg { color: var(--zacht); font-style: italic; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font-size: .85rem; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge.ok { background: var(--groen-vlak); color: var(--groen); border-color: #b5dcc1; }
.badge.let-op { background: var(--oranje-vlak); color: var(--oranje); border-color: #f1cf9a; }
.badge.hoog { background: var(--rood-vlak); color: var(--rood); border-color: #f0bcb6; }
.signaal { font-weight: 600; }
.signaal.overbesteding { color: var(--rood); }
.signaal.overbesteding::before { content: "▲ "; }
.signaal.drempel, .signaal.waarschuwing-70 { color: var(--oranje); }
.signaal.drempel::before, .signaal.waarschuwing-70::before { content: "● "; }
.signaal.onderbesteding { color: var(--blauw-donker); }
.signaal.onderbesteding::before { content: "▼ "; }
ul.codes { margin: 0; padding-left: 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-end; background: var(--wit); border: 1px solid var(--lijn); border-radius: 8px; padding: .7rem .9rem; margin-bottom: .8rem; }
.veld { display: flex; flex-direction: column; gap: .2rem; }
.veld.vol { flex-basis: 100%; }
label { font-size: .85rem; font-weight: 600; }
input, select, textarea { font: inherit; padding: .38rem .5rem; border: 1px solid #7a8896; border-radius: 4px; background: #fff; color: var(--inkt); min-width: 10rem; }
textarea { width: 100%; }
button, .knop-licht { font: inherit; font-weight: 600; padding: .42rem .9rem; border-radius: 4px; border: 1px solid var(--blauw); background: var(--blauw); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button:hover { background: var(--blauw-donker); }
.knop-licht { background: transparent; color: var(--blauw); }
.kop .knop-licht { color: #fff; border-color: #7fc1ff; padding: .25rem .7rem; }
.paginering { display: flex; gap: 1rem; align-items: center; margin: .8rem 0; }
.paginering .uit { color: var(--zacht); }
.aantal { color: var(--zacht); font-size: .9rem; }
.melding { padding: .7rem 1rem; border-radius: 6px; border: 1px solid; }
.melding.succes { background: var(--groen-vlak); color: var(--groen); border-color: #b5dcc1; }
.melding.fout { background: var(--rood-vlak); color: var(--rood); border-color: #f0bcb6; }
.formulier { background: var(--wit); border: 1px solid var(--lijn); border-radius: 8px; padding: 1rem 1.2rem; display: flex; flex-direction: column; gap: .8rem; max-width: 26rem; }
.formulier.breed { max-width: none; flex-direction: row; flex-wrap: wrap; align-items: flex-end; }
.aanmelden { max-width: 26rem; }
.kenmerken { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: .5rem; background: var(--wit); border: 1px solid var(--lijn); border-radius: 8px; padding: .8rem 1rem; }
.kenmerken dt { font-size: .8rem; color: var(--zacht); }
.kenmerken dd { margin: 0; font-weight: 600; }
.procedure { margin-bottom: .8rem; }
.procedure h3 { margin: 0 0 .3rem; font-size: 1rem; }
ol.stappen { margin: .4rem 0 .8rem; padding-left: 1.2rem; }
ol.stappen li { margin: .2rem 0; }
ol.stappen li.gezet { color: var(--groen); }
.voet { text-align: center; color: var(--zacht); font-size: .8rem; padding: 1rem; }
@media (max-width: 700px) { .tegels { grid-template-columns: 1fr; } }
`;
