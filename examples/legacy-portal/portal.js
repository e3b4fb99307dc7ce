// Page chrome of the portal template, with jQuery as such templates have it: the drop-down menu,
// the tabs above the chain map and the 大/中/小 text-size switch. Lianmap needs none of it.
jQuery(function ($) {
  $('#menu > li.has-sub').on('mouseenter', function () {
    $(this).addClass('open');
  }).on('mouseleave', function () {
    $(this).removeClass('open');
  });

  $('#tabs .tab').on('click', function () {
    var name = $(this).data('tab');
    $('#tabs .tab').removeClass('on');
    $(this).addClass('on');
    $('.tab-panel').addClass('hide');
    $('#panel-' + name).removeClass('hide');
  });

  $('.font-size').on('click', function (e) {
    e.preventDefault();
    $('body').removeClass('font-big font-small');
    var size = $(this).data('size');
    if (size !== 'mid') $('body').addClass('font-' + size);
  });

  // The chain map tells the page what was picked; the page shows it in the breadcrumb.
  $('#portal-map').on('lianmap-select', function (e) {
    var detail = e.originalEvent.detail;
    $('#picked').text(detail.kind + '：' + detail.id);
  });
});
