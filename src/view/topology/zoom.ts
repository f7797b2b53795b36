/**
 * Pan and zoom for the topology, framework-free: d3-zoom on the <svg>, applying its transform
 * to one inner <g>. React renders the content; this only owns the `transform` attribute.
 * Events that start on elements marked `data-nozoom` (buttons) are left to them.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent } from 'd3-zoom';

export interface ZoomHandle {
  reset(): void;
  detach(): void;
}

export function attachZoom(svg: SVGSVGElement, layer: SVGGElement): ZoomHandle {
  const behavior = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.4, 4])
    .filter((event: Event) => {
      const e = event as MouseEvent;
      const target = e.target as Element | null;
      if (target?.closest?.('[data-nozoom]')) return false;
      return (!e.ctrlKey || e.type === 'wheel') && !e.button;
    })
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      layer.setAttribute('transform', event.transform.toString());
    });
  const sel = select(svg);
  sel.call(behavior).on('dblclick.zoom', null);
  return {
    reset: () => sel.call(behavior.transform, zoomIdentity),
    detach: () => {
      sel.on('.zoom', null);
      layer.removeAttribute('transform');
    },
  };
}
