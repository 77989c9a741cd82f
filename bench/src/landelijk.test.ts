import { expect } from 'chai';
import { landelijkRapport, meetLandelijk } from './landelijk';

describe('bench: national scale (a small country)', function () {
  this.timeout(600_000);

  it('loads set-based, measures uitnutting against a PK SELECT and keeps the aggregate equal to a recompute after a month through the pipeline', async () => {
    const r = await meetLandelijk({ prestaties: 24_000, aanbieders: 60, gemeenten: 20, clienten: 300, metingen: 20, log: () => undefined });
    expect(r.afwijkingen).to.deep.equal({ budgetMaand: 0, gemeenteRollup: 0, ohw: 0 });
    expect(r.pijplijn.prestaties).to.be.greaterThan(0);
    expect(r.aanbieder.regels).to.be.greaterThan(1);
    for (const l of [r.pk, r.uitnuttingAanbieder, r.uitnuttingGemeente]) expect(l.p95Ms).to.be.greaterThan(0).and.at.least(l.p50Ms);
    expect(landelijkRapport(r)).to.match(/p95 ≤ 10× the PK SELECT — aanbieder (met|missed), gemeente (met|missed)/);
  });
});
